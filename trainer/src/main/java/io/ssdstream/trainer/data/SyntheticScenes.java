package io.ssdstream.trainer.data;

import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.SceneRenderer;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.scenes.Seeds;

/**
 * A built-in dataset of procedural scenes ({@link SceneRenderer}): objects of the classes {@code disc},
 * {@code block}, {@code triangle} and {@code cross} with exact ground-truth boxes, in a {@link SceneStyle}. Scene
 * {@code i} of seed {@code s} is the same on every machine and every call, so two seeds give disjoint training and
 * held-out splits without storing a pixel.
 */
public final class SyntheticScenes implements DetectionDataset {

    private static final ClassList CLASSES = ClassList.ofObjects(SceneRenderer.CLASSES);

    private final int count;
    private final long seed;
    private final SceneStyle style;

    /** {@code count} scenes of the {@link SceneStyle#STANDARD standard} style. */
    public SyntheticScenes(int count, long seed) {
        this(count, seed, SceneStyle.STANDARD);
    }

    public SyntheticScenes(int count, long seed, SceneStyle style) {
        if (count < 1) {
            throw new IllegalArgumentException("a synthetic dataset needs at least one scene, got " + count);
        }
        this.count = count;
        this.seed = seed;
        this.style = style;
    }

    /** The classes every synthetic dataset has. */
    public static ClassList classList() {
        return CLASSES;
    }

    @Override
    public String description() {
        return "synthetic:" + count + ":" + seed + (style == SceneStyle.STANDARD ? "" : ":" + style.name());
    }

    @Override
    public ClassList classes() {
        return CLASSES;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Sample load(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("scene " + index + " of " + count);
        }
        return SceneRenderer.render("scene-" + index, style, Seeds.stream(seed, index));
    }
}
