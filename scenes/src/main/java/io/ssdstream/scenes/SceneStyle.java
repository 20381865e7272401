package io.ssdstream.scenes;

import java.util.Locale;

/**
 * How demanding procedural scenes are. {@link #STANDARD} is the full task: up to six objects from 20 pixels up,
 * heavy clutter and noise. {@link #SIMPLE} keeps the classes, colours, aspects and occlusion rules but draws fewer,
 * larger objects over a quieter background — a task a small network learns within minutes on a CPU, which is what
 * the trainer's own "it learns" test needs.
 *
 * @param name how dataset specs call it
 * @param maxObjects objects per scene, 1 to this many
 * @param minObjectSide the smallest object side in pixels (clutter stays below half of it)
 * @param minClutter clutter strokes and specks, at least
 * @param maxClutter clutter strokes and specks, fewer than this
 * @param maxNoise the largest standard deviation of the Gaussian pixel noise (the smallest is 3)
 * @param colourCoded each class in its own colour on grey, instead of any colour on any background
 */
public record SceneStyle(String name, int maxObjects, float minObjectSide, int minClutter, int maxClutter,
        double maxNoise, boolean colourCoded) {

    public static final SceneStyle STANDARD = new SceneStyle("standard", 6, 20, 15, 45, 12, false);
    public static final SceneStyle SIMPLE = new SceneStyle("simple", 3, 48, 0, 6, 5, true);

    /** The style called {@code name}. */
    public static SceneStyle named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "standard" -> STANDARD;
            case "simple" -> SIMPLE;
            default -> throw new IllegalArgumentException("scene style must be standard or simple, got '" + name + "'");
        };
    }
}
