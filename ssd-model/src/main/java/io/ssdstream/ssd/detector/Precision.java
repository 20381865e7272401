package io.ssdstream.ssd.detector;

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
    FP16
}
