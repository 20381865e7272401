package io.ssdstream.ssd.detector;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.Locale;

/**
 * Where a model runs, as the {@code --device} option names it: {@code auto}, {@code cpu}, {@code gpu} (the first
 * GPU) or {@code gpu:N}. Parsed once, where the text enters; {@link DeviceSelector} turns it into a DJL device on the
 * machine that runs the model, since only that machine knows its GPUs.
 *
 * @param kind what was asked for
 * @param gpuIndex the GPU's index for {@link Kind#GPU}; 0 otherwise
 */
public record DeviceSpec(Kind kind, int gpuIndex) implements Serializable {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** the first GPU PyTorch sees, else the CPU (the stream job spreads its slots over the GPUs instead) */
        AUTO,
        CPU,
        GPU
    }

    public static final DeviceSpec AUTO = new DeviceSpec(Kind.AUTO, 0);
    public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, 0);

    public DeviceSpec {
        if (kind == null) {
            throw new IllegalArgumentException("device kind must be set");
        }
        if (gpuIndex < 0 || (kind != Kind.GPU && gpuIndex != 0)) {
            throw new IllegalArgumentException("GPU index " + gpuIndex + " makes no sense for " + kind);
        }
    }

    public static DeviceSpec gpu(int index) {
        return new DeviceSpec(Kind.GPU, index);
    }

    /** Reads {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}, in any case, around any spaces. */
    @JsonCreator
    public static DeviceSpec parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
                return gpu(0);
            default:
                if (s.startsWith("gpu:") && s.length() > 4 && s.substring(4).chars().allMatch(Character::isDigit)) {
                    try {
                        return gpu(Integer.parseInt(s.substring(4)));
                    } catch (NumberFormatException e) {
                        // more digits than an int: reported below with the whole value
                    }
                }
                throw new IllegalArgumentException("device '" + text + "' is not one of auto, cpu, gpu, gpu:N"
                        + " (N a GPU index from 0)");
        }
    }

    /** The option's text, which {@link #parse} reads back. */
    @JsonValue
    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + gpuIndex;
        };
    }
}
