package io.ssdstream.ssd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an SSD network is: its input resolution, VGG16 channel width, class count (background included) and
 * the default-box layout of its feature maps.
 *
 * <p>{@link #ssd300(int)} is torchvision's {@code ssd300_vgg16}; {@link #ssd512(int)} is torchvision's
 * {@code SSDFeatureExtractorVGG(highres=True)} with the SSD paper's SSD512 box sizes. A width multiplier below 1
 * shrinks every hidden layer's channel count while keeping the geometry (feature-map sizes, anchors), which gives
 * reduced variants for tests, demos and small deployments.
 *
 * @param name "ssd300" or "ssd512"
 * @param imageSize the square network input side in pixels
 * @param widthMultiplier scale of every hidden channel count, in (0, 1]
 * @param numClasses output classes including background at index 0
 * @param aspectRatios per feature map, the rectangular aspect ratios besides 1:1
 * @param scales per feature map s_k as a fraction of the image side, plus one more for the last map's s_k+1
 * @param steps per feature map the pixel step between default-box centres, or null to tile each map exactly
 */
public record SsdArchitecture(
        String name,
        int imageSize,
        double widthMultiplier,
        int numClasses,
        List<List<Integer>> aspectRatios,
        List<Double> scales,
        List<Integer> steps) {

    /** VGG16 convolution widths up to conv5_3; 0 marks a max-pool. */
    static final int[] VGG16_LAYOUT = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512};

    public SsdArchitecture {
        if (!"ssd300".equals(name) && !"ssd512".equals(name)) {
            throw new IllegalArgumentException("architecture must be ssd300 or ssd512, got '" + name + "'");
        }
        if (!(widthMultiplier > 0 && widthMultiplier <= 1)) {
            throw new IllegalArgumentException("width multiplier must be in (0, 1], got " + widthMultiplier);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses counts background and must be at least 2, got " + numClasses);
        }
        int maps = "ssd300".equals(name) ? 6 : 7;
        if (aspectRatios.size() != maps || scales.size() != maps + 1 || (steps != null && steps.size() != maps)) {
            throw new IllegalArgumentException(name + " needs " + maps + " aspect-ratio lists, " + (maps + 1)
                    + " scales and " + maps + " steps");
        }
        aspectRatios = List.copyOf(aspectRatios.stream().map(List::copyOf).toList());
        scales = List.copyOf(scales);
        steps = steps == null ? null : List.copyOf(steps);
    }

    /** torchvision's {@code ssd300_vgg16}: 300x300 input, six feature maps 38/19/10/5/3/1, 8732 default boxes. */
    public static SsdArchitecture ssd300(int numClasses) {
        return new SsdArchitecture("ssd300", 300, 1.0, numClasses,
                List.of(List.of(2), List.of(2, 3), List.of(2, 3), List.of(2, 3), List.of(2), List.of(2)),
                List.of(0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05),
                List.of(8, 16, 32, 64, 100, 300));
    }

    /**
     * SSD512 on torchvision's high-resolution VGG extractor (an extra conv12_2 block): seven feature maps
     * 64/32/16/8/6/4/1, the SSD paper's SSD512 box sizes, default-box centres tiled exactly on each map.
     */
    public static SsdArchitecture ssd512(int numClasses) {
        return new SsdArchitecture("ssd512", 512, 1.0, numClasses,
                List.of(List.of(2), List.of(2, 3), List.of(2, 3), List.of(2, 3), List.of(2, 3), List.of(2), List.of(2)),
                List.of(0.07, 0.15, 0.30, 0.45, 0.60, 0.75, 0.90, 1.05),
                null);
    }

    /** Looks an architecture up by name ("ssd300" or "ssd512"). */
    public static SsdArchitecture named(String name, int numClasses) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ssd300" -> ssd300(numClasses);
            case "ssd512" -> ssd512(numClasses);
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (ssd300 or ssd512)");
        };
    }

    /** The same geometry with hidden channel counts scaled by {@code multiplier}. */
    public SsdArchitecture withWidth(double multiplier) {
        return new SsdArchitecture(name, imageSize, multiplier, numClasses, aspectRatios, scales, steps);
    }

    /** The same network with another number of classes (background included). */
    public SsdArchitecture withClasses(int classes) {
        return new SsdArchitecture(name, imageSize, widthMultiplier, classes, aspectRatios, scales, steps);
    }

    /** Whether this is the high-resolution extractor with the extra conv12_2 block. */
    public boolean highResolution() {
        return "ssd512".equals(name);
    }

    /** A hidden layer's channel count at this width: {@code round(full * multiplier)}, at least 1. */
    public int channels(int full) {
        return Math.max(1, (int) Math.round(full * widthMultiplier));
    }

    /** Number of feature maps that feed the heads. */
    public int featureMapCount() {
        return aspectRatios.size();
    }

    /** Default boxes per location of feature map {@code k}: two squares plus two per aspect ratio. */
    public int boxesPerLocation(int k) {
        return 2 + 2 * aspectRatios.get(k).size();
    }

    /**
     * Side of each feature map, by the network's own arithmetic: three 2x2 pools (the third in ceil mode) to
     * conv4_3, one more pool to fc7, then the extra blocks (stride-2 3x3 with padding, or unpadded 3x3, or 4x4).
     */
    public List<Integer> featureMapSizes() {
        List<Integer> sizes = new ArrayList<>();
        int s = imageSize;
        s = s / 2;                 // maxpool1
        s = s / 2;                 // maxpool2
        s = (s + 1) / 2;           // maxpool3, ceil mode
        sizes.add(s);              // conv4_3
        s = s / 2;                 // maxpool4
        sizes.add(s);              // fc7 (maxpool5 is 3x3/s1/p1)
        s = (s - 1) / 2 + 1;       // conv8_2: 3x3, stride 2, padding 1
        sizes.add(s);
        s = (s - 1) / 2 + 1;       // conv9_2
        sizes.add(s);
        s = s - 2;                 // conv10_2: 3x3, no padding
        sizes.add(s);
        s = s - 2;                 // conv11_2
        sizes.add(s);
        if (highResolution()) {
            s = s - 3;             // conv12_2: 4x4, no padding
            sizes.add(s);
        }
        return List.copyOf(sizes);
    }

    /** Total default boxes over all feature maps (8732 for SSD300). */
    public int anchorCount() {
        List<Integer> sizes = featureMapSizes();
        int total = 0;
        for (int k = 0; k < sizes.size(); k++) {
            total += sizes.get(k) * sizes.get(k) * boxesPerLocation(k);
        }
        return total;
    }
}
