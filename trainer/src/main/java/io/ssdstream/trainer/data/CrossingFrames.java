package io.ssdstream.trainer.data;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.CrossingScene;
import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.SceneRenderer;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.scenes.Seeds;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Frames of {@link CrossingScene}s, the scenes the tracking benchmark films, as a training set: objects crossing,
 * passing in front of each other, half hidden or half out of the frame, which the still {@link SyntheticScenes}
 * rarely show. The truth is the scene's own, so an object more than half hidden is not a target, as in the
 * benchmark's truth.
 *
 * <p>Frames {@code 50k} to {@code 50k + 49} come from scene {@code k}, whose {@link CrossingScene} seed is
 * a 64-bit hash of {@code (SEED, k)}, so no training scene is one of the benchmark's (seeds 0 to
 * N-1). Every other frame is a moment at which two objects of the same class overlap, where detectors trained on
 * still scenes merge, invent or mislabel objects; the others are plain random moments.
 */
public final class CrossingFrames implements DetectionDataset {

    /** The frame size, length and style the tracking benchmark films by default. */
    static final int WIDTH = 384;
    static final int HEIGHT = 288;
    static final double SECONDS = 60;
    static final SceneStyle STYLE = SceneStyle.SIMPLE;
    static final int FRAMES_PER_SCENE = 50;
    /** Random moments tried for a same-class overlap (cheap: {@link CrossingScene#truth} draws nothing). */
    private static final int OVERLAP_TRIES = 64;

    private static final ClassList CLASSES = ClassList.ofObjects(SceneRenderer.CLASSES);

    private final int count;
    private final long seed;

    public CrossingFrames(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("a crossing dataset needs at least one frame, got " + count);
        }
        this.count = count;
        this.seed = seed;
    }

    /**
     * The {@link CrossingScene} seed of training scene {@code scene}. Not {@code Seeds.derive(seed, scene)}: that is 0
     * whenever {@code scene == seed}, and 0 is a benchmark scene.
     */
    static long sceneSeed(long seed, int scene) {
        return Seeds.derive(Seeds.derive(seed), scene);
    }

    @Override
    public String description() {
        return "crossing:" + count + ":" + seed;
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
        CrossingScene scene = scene(index);
        return scene.frame(moment(scene, index)).sample();
    }

    /** The scene frame {@code index} comes from. */
    CrossingScene scene(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + count);
        }
        int scene = index / FRAMES_PER_SCENE;
        return new CrossingScene("crossing-" + scene, WIDTH, HEIGHT, SECONDS, STYLE, sceneSeed(seed, scene));
    }

    /** The moment of {@code scene}, its {@link #scene}, that frame {@code index} shows, in seconds. */
    double moment(CrossingScene scene, int index) {
        SplittableRandom moments = Seeds.stream(seed, index / FRAMES_PER_SCENE, index);
        double seconds = moments.nextDouble(scene.length());
        for (int tries = index % 2 == 0 ? OVERLAP_TRIES - 1 : 0; tries > 0 && !sameClassOverlap(scene.truth(seconds));
                tries--) {
            seconds = moments.nextDouble(scene.length());
        }
        return seconds;
    }

    /** Whether two of {@code objects} of the same class overlap. */
    static boolean sameClassOverlap(List<Annotation> objects) {
        for (int i = 0; i < objects.size(); i++) {
            for (int j = i + 1; j < objects.size(); j++) {
                if (objects.get(i).label() == objects.get(j).label()
                        && objects.get(i).box().intersectionArea(objects.get(j).box()) > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
