package io.ssdstream.ssd.detector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instruction-set features the processor reports, as Linux lists them in {@code /proc/cpuinfo}'s {@code flags}
 * line. Elsewhere (or when the file cannot be read) the set is empty, so reduced precision is never chosen blindly.
 *
 * @param flags the feature names, e.g. {@code avx512_bf16}
 */
public record CpuFeatures(Set<String> flags) {

    /** The instructions through which oneDNN runs bfloat16 convolutions at more than fp32's speed. */
    public static final List<String> BFLOAT16_INSTRUCTIONS = List.of("amx_bf16", "avx512_bf16");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    public CpuFeatures {
        flags = Set.copyOf(flags);
    }

    /** This machine's features. */
    public static CpuFeatures current() {
        try {
            return parse(Files.readAllLines(CPUINFO));
        } catch (IOException | SecurityException e) {
            return new CpuFeatures(Set.of());
        }
    }

    /** The features of the first processor listed in {@code /proc/cpuinfo}'s lines. */
    static CpuFeatures parse(List<String> cpuinfo) {
        return cpuinfo.stream()
                .filter(line -> line.startsWith("flags") && line.indexOf(':') > 0)
                .findFirst()
                .map(line -> new CpuFeatures(new TreeSet<>(Arrays.asList(
                        line.substring(line.indexOf(':') + 1).strip().split("\\s+")))))
                .orElse(new CpuFeatures(Set.of()));
    }

    /** Whether oneDNN can run bfloat16 natively here (AMX or AVX-512 BF16). */
    public boolean hasBfloat16() {
        return BFLOAT16_INSTRUCTIONS.stream().anyMatch(flags::contains);
    }

    /** The features that matter for reduced-precision inference, in name order. */
    public List<String> inferenceRelevant() {
        return flags.stream()
                .filter(f -> f.startsWith("avx512") || f.startsWith("amx") || f.equals("avx2") || f.equals("fma")
                        || f.equals("avx_vnni") || f.equals("f16c"))
                .sorted()
                .toList();
    }
}
