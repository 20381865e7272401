package io.ssdstream.ssd.detector;

import io.ssdstream.machine.Processor;
import java.util.List;
import java.util.Set;

/**
 * The speed-relevant instruction-set features the processor reports ({@link Processor#VECTOR_FEATURES}, as Linux
 * names them in {@code /proc/cpuinfo}). Elsewhere (or when the file cannot be read) the set is empty, so reduced
 * precision is never chosen blindly.
 *
 * @param flags the feature names, e.g. {@code avx512_bf16}
 */
public record CpuFeatures(Set<String> flags) {

    /** The instructions through which oneDNN runs bfloat16 convolutions at more than fp32's speed. */
    public static final List<String> BFLOAT16_INSTRUCTIONS = List.of("amx_bf16", "avx512_bf16");

    public CpuFeatures {
        flags = Set.copyOf(flags);
    }

    /** This machine's features. */
    public static CpuFeatures current() {
        return of(Processor.here());
    }

    /** The features of the first processor listed in {@code /proc/cpuinfo}'s lines. */
    static CpuFeatures parse(List<String> cpuinfo) {
        return of(Processor.fromCpuInfo(cpuinfo, 1));
    }

    private static CpuFeatures of(Processor processor) {
        return new CpuFeatures(Set.copyOf(processor.features()));
    }

    /** Whether oneDNN can run bfloat16 natively here (AMX or AVX-512 BF16). */
    public boolean hasBfloat16() {
        return BFLOAT16_INSTRUCTIONS.stream().anyMatch(flags::contains);
    }

    /** The features, in name order. */
    public List<String> inferenceRelevant() {
        return flags.stream().sorted().toList();
    }
}
