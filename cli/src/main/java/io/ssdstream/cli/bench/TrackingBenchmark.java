package io.ssdstream.cli.bench;

import io.ssdstream.machine.Processor;
import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.CrossingScene;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.scenes.Seeds;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import io.ssdstream.tracking.Box;
import io.ssdstream.tracking.CameraTracker;
import io.ssdstream.tracking.Observation;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.tracking.TrackerState;
import io.ssdstream.tracking.baseline.GreedyIouTracker;
import io.ssdstream.tracking.metrics.ClearMot;
import io.ssdstream.tracking.metrics.FrameTruth;
import io.ssdstream.tracking.metrics.IdentityMetrics;
import io.ssdstream.tracking.metrics.LabelledBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Tracking quality end to end: a model detects every frame of seeded {@link CrossingScene}s, the job's tracker and
 * the greedy IoU baseline track the same detections, and CLEAR-MOT and identity metrics compare each with the scenes'
 * ground truth. Frames go straight from the renderer to the detector (no JPEG round trip), and a share of them is
 * dropped before detection, as shed or skipped frames are in the job, so the trackers see gaps in capture time.
 *
 * <p>A second pass plays a job that falls behind its cameras now and then: {@link #SHED_FOR} of every
 * {@link #SHED_EVERY} of each scene's frames are shed (no output, as in the job), longer than the max lost age. The
 * tracker is run once told of the shed frames, as the job tells it, and once not, as before the job did.
 */
final class TrackingBenchmark {

    /** A truth box and a hypothesis match at this IoU or more, MOT Challenge's threshold. */
    private static final double MATCH_IOU = 0.5;
    /** How often the job falls behind in the second pass, in capture time of each scene. */
    private static final long SHED_EVERY = 15_000;
    /** How much of the scene's frames it then sheds: 3 s, longer than the tracker's default max lost age of 2 s. */
    private static final long SHED_FOR = 3_000;

    private final Path model;
    private final int firstScene;
    private final int sceneCount;
    private final double seconds;
    private final double fps;
    private final double dropRate;
    private final int width;
    private final int height;

    TrackingBenchmark(Path model, int firstScene, int sceneCount, double seconds, double fps, double dropRate, int width,
                      int height) {
        if (firstScene < 0 || sceneCount < 1 || !(seconds > 0) || !(fps > 0) || !(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("--first-scene must be at least 0, --scenes at least 1, --seconds and"
                    + " --fps positive and --drop-rate in [0, 1); got " + firstScene + ", " + sceneCount + ", " + seconds
                    + ", " + fps + ", " + dropRate);
        }
        this.model = model;
        this.firstScene = firstScene;
        this.sceneCount = sceneCount;
        this.seconds = seconds;
        this.fps = fps;
        this.dropRate = dropRate;
        this.width = width;
        this.height = height;
    }

    /** Renders the scenes and runs the model on every frame that is not dropped. */
    FilmedScenes film() throws Exception {
        List<List<FilmedScenes.Frame>> scenes = new ArrayList<>();
        long detectNanos = 0;
        int frames = 0;
        try (Detector detector = Detector.load(model, DetectorOptions.DEFAULTS)) {
            for (int s = 0; s < sceneCount; s++) {
                int seed = firstScene + s;
                CrossingScene scene = new CrossingScene("camera-" + seed, width, height, seconds, SceneStyle.SIMPLE,
                        seed);
                SplittableRandom drops = Seeds.stream(seed, 2);
                List<FilmedScenes.Frame> filmed = new ArrayList<>();
                for (long frame = 0; frame / fps <= scene.length(); frame++) {
                    if (drops.nextDouble() < dropRate) {
                        continue;
                    }
                    CrossingScene.Frame picture = scene.frame(frame / fps);
                    long start = System.nanoTime();
                    List<DetectedObject> found = detector.detectRgb(List.of(rgb(picture.sample().image()))).get(0);
                    detectNanos += System.nanoTime() - start;
                    List<LabelledBox> truth = new ArrayList<>();
                    List<Observation> trueBoxes = new ArrayList<>();
                    for (int i = 0; i < picture.identities().size(); i++) {
                        long identity = identity(s, picture.identities().get(i));
                        Annotation object = picture.sample().objects().get(i);
                        truth.add(new LabelledBox(identity, box(object)));
                        trueBoxes.add(new Observation(box(object), String.valueOf(object.label()), 1));
                    }
                    filmed.add(new FilmedScenes.Frame(Math.round(frame * 1000 / fps), picture.hidden(),
                            detections(found), trueBoxes, truth));
                }
                frames += filmed.size();
                scenes.add(filmed);
            }
        }
        return new FilmedScenes(model.toString(), firstScene, seconds, fps, dropRate, width + "x" + height,
                round(detectNanos / 1e6 / frames), scenes);
    }

    /** Tracks filmed scenes with the job's tracker and the baseline and compares both with the truth. */
    static Map<String, Object> evaluate(FilmedScenes filmed) {
        List<List<FilmedScenes.Frame>> scenes = filmed.scenes();
        TrackerConfig config = TrackerConfig.defaults();
        List<FrameTruth> ours = new ArrayList<>();
        List<FrameTruth> baseline = new ArrayList<>();
        List<FrameTruth> oursOnTrueBoxes = new ArrayList<>();
        List<FrameTruth> oursBehind = new ArrayList<>();
        List<FrameTruth> oursBehindUntold = new ArrayList<>();
        int frames = 0;
        int hidden = 0;
        Set<Long> identities = new HashSet<>();
        for (int s = 0; s < scenes.size(); s++) {
            List<FilmedScenes.Frame> scene = scenes.get(s);
            CameraTracker tracker = new CameraTracker(config, TrackerState.EMPTY);
            ours.addAll(track(scene, s, FilmedScenes.Frame::detections, (t, d) -> tracker.update(t, d).trackIds()));
            GreedyIouTracker greedy = new GreedyIouTracker(config);
            baseline.addAll(track(scene, s, FilmedScenes.Frame::detections, greedy::update));
            CameraTracker onTruth = new CameraTracker(config, TrackerState.EMPTY);
            oursOnTrueBoxes.addAll(
                    track(scene, s, FilmedScenes.Frame::trueBoxes, (t, d) -> onTruth.update(t, d).trackIds()));
            CameraTracker behind = new CameraTracker(config, TrackerState.EMPTY);
            oursBehind.addAll(track(scene, s, FilmedScenes.Frame::detections,
                    (t, d) -> behind.update(t, d).trackIds(), behind::shed));
            CameraTracker behindUntold = new CameraTracker(config, TrackerState.EMPTY);
            oursBehindUntold.addAll(track(scene, s, FilmedScenes.Frame::detections,
                    (t, d) -> behindUntold.update(t, d).trackIds(), t -> { }));
            frames += scene.size();
            for (FilmedScenes.Frame frame : scene) {
                hidden += frame.hidden();
                frame.truth().forEach(object -> identities.add(object.id()));
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Map.of("processor", Processor.here(), "java", System.getProperty("java.version")));
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("model", filmed.model());
        setup.put("firstScene", filmed.firstScene());
        setup.put("scenes", scenes.size());
        setup.put("secondsPerScene", filmed.secondsPerScene());
        setup.put("fps", filmed.fps());
        setup.put("dropRate", filmed.dropRate());
        setup.put("frameSize", filmed.frameSize());
        setup.put("framesTracked", frames);
        setup.put("identities", identities.size());
        setup.put("objectFramesMoreThanHalfHidden", hidden);
        setup.put("detectorMillisPerFrame", filmed.detectorMillisPerFrame());
        report.put("setup", setup);
        report.put("tracker", quality(ours));
        report.put("greedyIouBaseline", quality(baseline));
        // what is left of the tracker's errors once the detector's are taken away (dropped and hidden objects remain)
        report.put("trackerOnTrueBoxes", quality(oursOnTrueBoxes));
        Map<String, Object> whileBehind = new LinkedHashMap<>();
        whileBehind.put("shedMillis", SHED_FOR);
        whileBehind.put("everyMillis", SHED_EVERY);
        whileBehind.put("tracker", quality(oursBehind));
        whileBehind.put("trackerNotToldOfShedFrames", quality(oursBehindUntold));
        report.put("whileBehind", whileBehind);
        return report;
    }

    /**
     * One scene's frames as the evaluation sees them. Each scene is its own camera whose tracker numbers its tracks
     * from 1, so ids are made unique across scenes the way the truth's are: the metrics pair trajectories by id over
     * all frames.
     */
    private static List<FrameTruth> track(List<FilmedScenes.Frame> scene, int sceneIndex,
            Function<FilmedScenes.Frame, List<Observation>> input,
            BiFunction<Long, List<Observation>, List<OptionalLong>> tracker) {
        return track(scene, sceneIndex, input, tracker, null);
    }

    /**
     * As above, for a job that falls behind: unless {@code shed} is null, the frames of each {@link #SHED_FOR} of
     * {@link #SHED_EVERY} are given to it by capture time instead of to the tracker, and left out of the evaluation
     * (the job publishes nothing for them).
     */
    private static List<FrameTruth> track(List<FilmedScenes.Frame> scene, int sceneIndex,
            Function<FilmedScenes.Frame, List<Observation>> input,
            BiFunction<Long, List<Observation>, List<OptionalLong>> tracker, LongConsumer shed) {
        List<FrameTruth> frames = new ArrayList<>(scene.size());
        for (FilmedScenes.Frame frame : scene) {
            if (shed != null && frame.captureMillis() % SHED_EVERY >= SHED_EVERY - SHED_FOR) {
                shed.accept(frame.captureMillis());
                continue;
            }
            List<Observation> observations = input.apply(frame);
            List<OptionalLong> ids = tracker.apply(frame.captureMillis(), observations);
            List<LabelledBox> hypotheses = new ArrayList<>();
            for (int d = 0; d < ids.size(); d++) {
                if (ids.get(d).isPresent()) {
                    hypotheses.add(new LabelledBox(identity(sceneIndex, ids.get(d).getAsLong()),
                            observations.get(d).box()));
                }
            }
            frames.add(new FrameTruth(frame.truth(), hypotheses));
        }
        return frames;
    }

    private static long identity(int sceneIndex, long id) {
        return sceneIndex * 1_000_000L + id;
    }

    private static Map<String, Object> quality(List<FrameTruth> frames) {
        ClearMot.Result mot = ClearMot.evaluate(frames, MATCH_IOU);
        IdentityMetrics.Result identity = IdentityMetrics.evaluate(frames, MATCH_IOU);
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("mota", round(mot.mota()));
        quality.put("idf1", round(identity.idf1()));
        quality.put("idSwitches", mot.idSwitches());
        quality.put("idSwitchesPer1000", round(mot.idSwitchesPerThousand()));
        quality.put("objectFrames", mot.objects());
        return quality;
    }

    /** The detector's boxes as the job hands them to the tracker: every detection above the model's threshold. */
    private static List<Observation> detections(List<DetectedObject> found) {
        List<Observation> detections = new ArrayList<>(found.size());
        for (DetectedObject d : found) {
            if (d.xMax() > d.xMin() && d.yMax() > d.yMin()) {
                detections.add(new Observation(new Box(d.xMin(), d.yMin(), d.xMax(), d.yMax()), d.label(), d.score()));
            }
        }
        return detections;
    }

    private static Box box(Annotation object) {
        PixelBox b = object.box();
        return new Box(b.x1(), b.y1(), b.x2(), b.y2());
    }

    private static RgbFrame rgb(RgbImage image) {
        return new RgbFrame(image.width(), image.height(), image.pixels());
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
