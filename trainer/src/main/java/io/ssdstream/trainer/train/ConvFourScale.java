package io.ssdstream.trainer.train;

import ai.djl.ndarray.NDArray;
import io.ssdstream.ssd.model.SsdNetwork;

/**
 * The initial value of the learnable conv4_3 scale (ParseNet's L2 normalisation, torchvision's
 * {@code scale_weight}) for networks narrower than VGG16. torchvision initialises it to 20 for 512 channels: a
 * unit-norm vector times 20 gives channels of about 20 / sqrt(512). A network of width w has fewer channels, so
 * the same 20 would make each channel sqrt(1 / w) times larger and the first head's gradients as much larger,
 * which destabilises training; {@code 20 * sqrt(channels / 512)} keeps torchvision's per-channel magnitude at any
 * width and is exactly 20 at full width.
 */
final class ConvFourScale {

    private static final double FULL_WIDTH_SCALE = 20;
    private static final double FULL_WIDTH_CHANNELS = 512;
    static final String KEY = "backbone.scale_weight";

    private ConvFourScale() {}

    static void keepFullWidthMagnitude(SsdNetwork network) {
        NDArray scale = network.stateDict().get(KEY).getArray();
        double channels = scale.size();
        float value = (float) (FULL_WIDTH_SCALE * Math.sqrt(channels / FULL_WIDTH_CHANNELS));
        // in place on a detached view: the parameter's own storage, without an autograd record
        try (NDArray view = scale.stopGradient()) {
            view.muli(0f).addi(value);
        }
    }
}
