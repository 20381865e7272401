package io.ssdstream.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processor a benchmark ran on, as its JSON reports it: a figure means little without the model, the cores and
 * the vector features (AVX2, AVX-512, AMX, NEON/SVE, bf16) that decide how fast the same code runs.
 *
 * @param model the model name the kernel reports, or the JVM's {@code os.arch} where it reports none
 * @param cores the processors available to this JVM
 * @param features the speed-relevant vector features present, in {@link #VECTOR_FEATURES} order
 */
public record Processor(String model, int cores, List<String> features) {

    /**
     * The flags worth printing out of the hundred or so the kernel lists: x86 SIMD widths and the bf16/int8 matrix
     * extensions, and their Arm counterparts. Kernel spelling.
     */
    public static final List<String> VECTOR_FEATURES = List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
            "avx512bw", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8",
            "asimd", "asimdhp", "sve", "sve2", "bf16", "i8mm");

    public Processor {
        features = List.copyOf(features);
    }

    /** This machine, from {@code /proc/cpuinfo} where there is one. */
    public static Processor here() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return fromCpuInfo(Files.readAllLines(Path.of("/proc/cpuinfo")), cores);
        } catch (IOException | RuntimeException e) {
            return new Processor(System.getProperty("os.arch"), cores, List.of());
        }
    }

    /** Reads the first processor's model name ("model name" on x86, "Model name" or "Hardware" on Arm) and flags. */
    public static Processor fromCpuInfo(List<String> lines, int cores) {
        String model = null;
        Set<String> flags = new HashSet<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (model == null && (key.equals("model name") || key.equals("hardware")) && !value.isEmpty()) {
                model = value;
            } else if (flags.isEmpty() && (key.equals("flags") || key.equals("features"))) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        List<String> present = VECTOR_FEATURES.stream().filter(flags::contains).collect(Collectors.toList());
        return new Processor(model != null ? model : System.getProperty("os.arch"), cores, present);
    }

    /** {@code {"model":"...","cores":N,"features":["avx2",...]}}, with quotes and backslashes in the model escaped. */
    public String json() {
        String name = model.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"model\":\"" + name + "\",\"cores\":" + cores + ",\"features\":["
                + features.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(",")) + "]}";
    }
}
