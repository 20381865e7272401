package io.ssdstream.cli.model;

import io.ssdstream.ssd.preprocess.Normalization;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Published weights known by name, as torchvision publishes them: the file's URL, whose name ends in
 * {@code -<hex>.pth} where {@code <hex>} is a prefix of the file's SHA-256 (torch.hub checks the same), the class
 * names the head was trained with (background first) and the input normalisation it expects.
 *
 * @param name what {@code model pull} is given, e.g. {@code ssd300_vgg16_coco}
 * @param url where the publisher serves the file
 * @param classes the class names, background first
 * @param normalization the input normalisation the weights were trained with
 */
record NamedWeights(String name, URI url, List<String> classes, Normalization normalization) {

    /** torch.hub's convention: the hex digits after the file name's last '-', before its extension. */
    private static final Pattern HASHED_NAME = Pattern.compile(".*-([0-9a-f]{8,64})\\.[^.]+");

    NamedWeights {
        classes = List.copyOf(classes);
        if (!HASHED_NAME.matcher(fileName(url)).matches()) {
            throw new IllegalArgumentException("weights '" + name + "': the file name of " + url
                    + " carries no SHA-256 prefix (expected NAME-<hex>.EXT, as torchvision names its files)");
        }
    }

    /** The published file's name, which the cache keeps: e.g. {@code ssd300_vgg16_coco-b556d3b4.pth}. */
    String fileName() {
        return fileName(url);
    }

    /** The hex prefix of the file's SHA-256 that its name carries. */
    String sha256Prefix() {
        Matcher matcher = HASHED_NAME.matcher(fileName());
        matcher.matches();
        return matcher.group(1);
    }

    private static String fileName(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
