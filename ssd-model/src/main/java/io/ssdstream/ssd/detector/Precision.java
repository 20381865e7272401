package io.ssdstream.ssd.detector;

import ai.djl.Device;

/** Numeric precision of the network's weights and activations during inference. */
public enum Precision {
    /** float32 everywhere. */
    FP32,
    /**
     * float16 weights and activations, for GPUs (it runs on a CPU too, slowly, which is how its code path is
     * tested); the L2 normalisation and all postprocessing still run in float32. The fp16 network is a
     * separately initialised FLOAT16 copy with the weights converted on load, because DJL's {@code Block.cast} is
     * not implemented for the PyTorch engine.
     */
    FP16,
    /**
     * bfloat16 weights and activations, for CPUs with AMX or AVX-512 BF16 instructions, where oneDNN runs the
     * convolutions in bfloat16; postprocessing still runs in float32. Requested on a CPU without them, the
     * detector runs FP32 and says so. See {@link BFloat16}.
     */
    BF16,
    /** BF16 on a CPU that has bfloat16 instructions, FP32 everywhere else. */
    AUTO;

    /** Whether a CPU with {@code features} runs this request in reduced precision or falls back to FP32. */
    public Precision on(Device device, CpuFeatures features) {
        return switch (this) {
            case AUTO -> !device.isGpu() && features.hasBfloat16() ? BF16 : FP32;
            case BF16 -> device.isGpu() || features.hasBfloat16() ? BF16 : FP32;
            default -> this;
        };
    }
}
