package io.ssdstream.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorTest {

    @Test
    void readsTheX86ModelAndKeepsOnlyVectorFeaturesInTheirOrder() {
        List<String> cpuinfo = List.of(
                "processor\t: 0",
                "model name\t: Intel(R) Xeon(R) Platinum 8480+",
                "flags\t\t: fpu vme amx_bf16 avx2 sse4_2 avx512f pae amx_tile avx",
                "",
                "processor\t: 1",
                "model name\t: something else",
                "flags\t\t: fpu");

        Processor processor = Processor.fromCpuInfo(cpuinfo, 112);

        assertThat(processor.model()).isEqualTo("Intel(R) Xeon(R) Platinum 8480+");
        assertThat(processor.features()).containsExactly("sse4_2", "avx", "avx2", "avx512f", "amx_tile", "amx_bf16");
        assertThat(processor.json()).isEqualTo("{\"model\":\"Intel(R) Xeon(R) Platinum 8480+\",\"cores\":112,"
                + "\"features\":[\"sse4_2\",\"avx\",\"avx2\",\"avx512f\",\"amx_tile\",\"amx_bf16\"]}");
    }

    @Test
    void readsArmFeaturesAndFallsBackToTheArchitectureWithoutAModelName() {
        List<String> cpuinfo = List.of(
                "processor\t: 0",
                "BogoMIPS\t: 243.75",
                "Features\t: fp asimd evtstrm aes sve bf16 i8mm",
                "CPU implementer\t: 0x41");

        Processor processor = Processor.fromCpuInfo(cpuinfo, 4);

        assertThat(processor.model()).isEqualTo(System.getProperty("os.arch"));
        assertThat(processor.features()).containsExactly("asimd", "sve", "bf16", "i8mm");
    }

    @Test
    void escapesQuotesInTheModelName() {
        Processor processor = new Processor("a \"quoted\" \\ cpu", 1, List.of());

        assertThat(processor.json()).isEqualTo("{\"model\":\"a \\\"quoted\\\" \\\\ cpu\",\"cores\":1,\"features\":[]}");
    }
}
