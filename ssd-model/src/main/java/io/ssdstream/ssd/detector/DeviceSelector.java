package io.ssdstream.ssd.detector;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Turns the {@code --device} option into a DJL {@link Device}: {@code cpu}, {@code gpu} (the first GPU),
 * {@code gpu:N}, or {@code auto} (the first GPU when PyTorch sees one, else the CPU).
 */
public final class DeviceSelector {

    private DeviceSelector() {}

    public static Device select(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.startsWith("gpu:")) {
            int index = s.equals("gpu") ? 0 : parseIndex(spec, s.substring(4));
            if (index >= gpus) {
                throw new IllegalArgumentException("device '" + spec + "': PyTorch sees " + gpus + " GPU(s)"
                        + (gpus == 0 ? "; are the CUDA natives installed (build with -Pgpu, see docs/deployment.md)?" : ""));
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("device '" + spec + "' is not one of cpu, gpu, gpu:N, auto");
    }

    private static int parseIndex(String spec, String digits) {
        try {
            int index = Integer.parseInt(digits);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole option value
        }
        throw new IllegalArgumentException("device '" + spec + "': the GPU index must be a non-negative integer");
    }
}
