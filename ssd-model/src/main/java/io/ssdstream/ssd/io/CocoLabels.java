package io.ssdstream.ssd.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * COCO's 91-index category list as torchvision's detection models use it: index 0 is {@code __background__}, and
 * the ids COCO left unused hold {@code N/A}, so a class id from a torchvision checkpoint indexes it directly.
 */
public final class CocoLabels {

    /** Number of entries, background and unused ids included. */
    public static final int SIZE = 91;

    private static final List<String> NAMES = load();

    private CocoLabels() {}

    /** The 91 names, index = torchvision class id. */
    public static List<String> names() {
        return NAMES;
    }

    private static List<String> load() {
        try (InputStream in = CocoLabels.class.getResourceAsStream("coco91.txt")) {
            if (in == null) {
                throw new IllegalStateException("coco91.txt is missing from the ssd-model jar");
            }
            List<String> names = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            if (names.size() != SIZE) {
                throw new IllegalStateException("coco91.txt lists " + names.size() + " names, expected " + SIZE);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read coco91.txt", e);
        }
    }
}
