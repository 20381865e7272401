package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which precision a request runs in, from /proc/cpuinfo lines as Linux writes them. */
class PrecisionTest {

    /** An AMD EPYC (Zen 4) as this project's machines report it, abridged. */
    private static final List<String> ZEN4 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
            "flags\t\t: fpu sse2 avx2 fma avx512f avx512bw avx512_bf16 avx512_vnni", "", "processor\t: 1",
            "flags\t\t: fpu sse2 avx2 fma avx512f avx512bw avx512_bf16 avx512_vnni");
    /** A Sapphire Rapids Xeon: AMX only names the tile instructions. */
    private static final List<String> SAPPHIRE_RAPIDS = List.of("flags\t\t: avx2 avx512f amx_bf16 amx_tile amx_int8");
    private static final List<String> OLDER = List.of("flags\t\t: fpu sse2 avx2 fma avx512f avx512_vnni");

    @Test
    void readsTheFlagsLine() {
        assertThat(CpuFeatures.parse(ZEN4).flags())
                .containsExactlyInAnyOrder("avx2", "fma", "avx512f", "avx512bw", "avx512_bf16", "avx512_vnni");
        assertThat(CpuFeatures.parse(ZEN4).inferenceRelevant())
                .containsExactly("avx2", "avx512_bf16", "avx512_vnni", "avx512bw", "avx512f", "fma");
        assertThat(CpuFeatures.parse(List.of("model name\t: something")).flags()).isEmpty();
    }

    @Test
    void autoChoosesBf16OnlyOnACpuWithBfloat16Instructions() {
        assertThat(Precision.AUTO.on(Device.cpu(), CpuFeatures.parse(ZEN4))).isEqualTo(Precision.BF16);
        assertThat(Precision.AUTO.on(Device.cpu(), CpuFeatures.parse(SAPPHIRE_RAPIDS))).isEqualTo(Precision.BF16);
        assertThat(Precision.AUTO.on(Device.cpu(), CpuFeatures.parse(OLDER))).isEqualTo(Precision.FP32);
        assertThat(Precision.AUTO.on(Device.cpu(), new CpuFeatures(Set.of()))).isEqualTo(Precision.FP32);
        assertThat(Precision.AUTO.on(Device.gpu(0), CpuFeatures.parse(ZEN4))).isEqualTo(Precision.FP32);
    }

    @Test
    void bf16FallsBackToFp32OnACpuWithout() {
        assertThat(Precision.BF16.on(Device.cpu(), CpuFeatures.parse(ZEN4))).isEqualTo(Precision.BF16);
        assertThat(Precision.BF16.on(Device.cpu(), CpuFeatures.parse(OLDER))).isEqualTo(Precision.FP32);
        assertThat(Precision.FP32.on(Device.cpu(), CpuFeatures.parse(ZEN4))).isEqualTo(Precision.FP32);
        assertThat(Precision.FP16.on(Device.cpu(), CpuFeatures.parse(OLDER))).isEqualTo(Precision.FP16);
    }
}
