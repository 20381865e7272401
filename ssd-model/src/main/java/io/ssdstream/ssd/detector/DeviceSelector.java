package io.ssdstream.ssd.detector;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Turns a {@link DeviceSpec} into a DJL {@link Device} on the machine that runs the model: {@code auto} is the first
 * GPU when PyTorch sees one, else the CPU; a GPU index must be one PyTorch sees.
 */
public final class DeviceSelector {

    private DeviceSelector() {}

    public static Device select(DeviceSpec spec) {
        return switch (spec.kind()) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                int gpus = gpuCount();
                if (spec.gpuIndex() >= gpus) {
                    throw new IllegalArgumentException("device '" + spec + "': PyTorch sees " + gpus + " GPU(s)"
                            + (gpus == 0 ? "; are the CUDA natives installed (build with -Pgpu, see docs/deployment.md)?" : ""));
                }
                yield Device.gpu(spec.gpuIndex());
            }
        };
    }

    /** The GPUs PyTorch sees on this machine. */
    public static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }
}
