package io.ssdstream.tracking.bench;

import io.ssdstream.tracking.Box;
import io.ssdstream.tracking.Observation;
import io.ssdstream.tracking.metrics.FrameTruth;
import io.ssdstream.tracking.metrics.LabelledBox;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A seeded scene of objects with exact identities, as detections: objects of two classes move at constant speeds and
 * bounce off the frame's edges (so paths cross), the detector jitters boxes, misses some and is unsure of others,
 * and some frames are dropped (a longer capture-time step).
 *
 * @param frames one entry per delivered frame
 */
public record SyntheticTracks(List<Frame> frames) {

    public static final double WIDTH = 1920;
    public static final double HEIGHT = 1080;

    /** A delivered frame: its capture time, the detections, and the true object index of each detection. */
    public record Frame(long captureTime, List<Observation> detections, List<Long> truthIds) {
    }

    public static SyntheticTracks generate(long seed, int objects, int frameCount) {
        Random random = new Random(seed);
        double[][] o = new double[objects][];
        for (int i = 0; i < objects; i++) {
            double size = 30 + random.nextDouble() * 50;
            o[i] = new double[] {size + random.nextDouble() * (WIDTH - 2 * size),
                    size + random.nextDouble() * (HEIGHT - 2 * size),
                    (random.nextDouble() * 2 - 1) * 150, (random.nextDouble() * 2 - 1) * 150, size};
        }
        List<Frame> frames = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (int k = 0; k < frameCount; k++) {
            long step = random.nextDouble() < 0.05 ? 300 : 100;
            time += step;
            List<Observation> detections = new ArrayList<>();
            List<Long> truth = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                double[] s = o[i];
                for (int axis = 0; axis < 2; axis++) {
                    double limit = axis == 0 ? WIDTH : HEIGHT;
                    s[axis] += s[axis + 2] * step / 1000.0;
                    if (s[axis] < s[4] || s[axis] > limit - s[4]) {
                        s[axis + 2] = -s[axis + 2];
                        s[axis] = Math.max(s[4], Math.min(limit - s[4], s[axis]));
                    }
                }
                if (random.nextDouble() < 0.08) {
                    continue;
                }
                double score = random.nextDouble() < 0.15 ? 0.2 + 0.25 * random.nextDouble()
                        : 0.6 + 0.4 * random.nextDouble();
                detections.add(new Observation(Box.ofCentre(s[0] + random.nextGaussian() * 1.5,
                        s[1] + random.nextGaussian() * 1.5, s[4], s[4] * 1.6), i % 3 == 0 ? "car" : "person", score));
                truth.add((long) i);
            }
            frames.add(new Frame(time, detections, truth));
        }
        return new SyntheticTracks(frames);
    }

    /**
     * Runs a tracker (capture time, detections -> id per detection) over the scene and pairs its ids with the truth;
     * every detection is a true object, so a detection the tracker gave no id is a miss.
     */
    public List<FrameTruth> evaluate(BiFunction<Long, List<Observation>, List<OptionalLong>> tracker) {
        List<FrameTruth> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            List<OptionalLong> ids = tracker.apply(f.captureTime(), f.detections());
            List<LabelledBox> truth = new ArrayList<>();
            List<LabelledBox> hyps = new ArrayList<>();
            for (int d = 0; d < f.detections().size(); d++) {
                Box box = f.detections().get(d).box();
                truth.add(new LabelledBox(f.truthIds().get(d), box));
                if (ids.get(d).isPresent()) {
                    hyps.add(new LabelledBox(ids.get(d).getAsLong(), box));
                }
            }
            out.add(new FrameTruth(truth, hyps));
        }
        return out;
    }
}
