package io.ssdstream.trainer.train;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * torchvision's {@code trainable_backbone_layers} for SSD's VGG16 ({@code _vgg_extractor}): the VGG feature layers
 * are split into five stages at the max-pools (layer indices 0, 4, 9, 16, 23 of {@code vgg16.features}); with k
 * trainable stages every layer before stage {@code 5 - k} is frozen, and with 0 all of VGG up to conv5_3 is.
 *
 * <p>The extractor keeps VGG's numbering: conv1_1..conv4_3 are {@code backbone.features.<i>}, and conv5_x sit in
 * {@code backbone.extra.0.<j>} at VGG index {@code 23 + j}; the fc6/fc7 layers, extra blocks, heads and the L2
 * scale are never part of VGG and always train.
 */
final class BackboneFreezing {

    private static final int[] STAGE_STARTS = {0, 4, 9, 16, 23};
    private static final int VGG_FEATURE_LAYERS = 31;
    private static final int CONV5_OFFSET = 23;
    private static final int CONV5_LAST_IN_EXTRA = 6;
    private static final Pattern FEATURES = Pattern.compile("backbone\\.features\\.(\\d+)\\..+");
    private static final Pattern CONV5 = Pattern.compile("backbone\\.extra\\.0\\.(\\d+)\\..+");

    private BackboneFreezing() {}

    /** The state-dict keys to freeze with {@code trainableLayers} trainable stages. */
    static Set<String> frozenKeys(Set<String> keys, int trainableLayers) {
        int freezeBefore = trainableLayers == 0 ? VGG_FEATURE_LAYERS : STAGE_STARTS[STAGE_STARTS.length - trainableLayers];
        Set<String> frozen = new TreeSet<>();
        for (String key : keys) {
            int vggIndex = vggIndex(key);
            if (vggIndex >= 0 && vggIndex < freezeBefore) {
                frozen.add(key);
            }
        }
        return frozen;
    }

    /** The layer's index in torchvision's {@code vgg16.features}, or -1 when it is not a VGG layer. */
    private static int vggIndex(String key) {
        Matcher features = FEATURES.matcher(key);
        if (features.matches()) {
            return Integer.parseInt(features.group(1));
        }
        Matcher conv5 = CONV5.matcher(key);
        if (conv5.matches() && Integer.parseInt(conv5.group(1)) <= CONV5_LAST_IN_EXTRA) {
            return CONV5_OFFSET + Integer.parseInt(conv5.group(1));
        }
        return -1;
    }
}
