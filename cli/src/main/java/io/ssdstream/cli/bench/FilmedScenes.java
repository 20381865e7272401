package io.ssdstream.cli.bench;

import io.ssdstream.cli.Json;
import io.ssdstream.tracking.Observation;
import io.ssdstream.tracking.metrics.LabelledBox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the model saw in a run of {@link TrackingBenchmark}, kept so that the trackers can be replayed on the same
 * detections in seconds: detecting the scenes takes minutes on a CPU, tracking them milliseconds.
 *
 * @param model                  the model artifact that detected the scenes
 * @param firstScene             seed of the first scene
 * @param secondsPerScene        how long objects kept entering each scene
 * @param fps                    frames per second filmed
 * @param dropRate               share of frames dropped before detection
 * @param frameSize              width x height in pixels
 * @param detectorMillisPerFrame the model's mean time per frame when it was run
 * @param scenes                 each scene's frames, in capture order
 */
record FilmedScenes(String model, int firstScene, double secondsPerScene, double fps, double dropRate,
                    String frameSize, double detectorMillisPerFrame, List<List<Frame>> scenes) {

    /**
     * One frame as the trackers and the evaluation see it: the model's detections, the visible objects' true boxes as
     * perfect detections would give them, and the truth with identities.
     *
     * @param hidden visible objects more than half hidden by others
     */
    record Frame(long captureMillis, int hidden, List<Observation> detections, List<Observation> trueBoxes,
                 List<LabelledBox> truth) {}

    void save(Path file) throws IOException {
        Json.mapper().writeValue(file.toFile(), this);
    }

    static FilmedScenes load(Path file) throws IOException {
        return Json.mapper().readValue(file.toFile(), FilmedScenes.class);
    }
}
