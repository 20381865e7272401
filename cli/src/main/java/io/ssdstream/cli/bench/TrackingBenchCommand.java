package io.ssdstream.cli.bench;

import io.ssdstream.cli.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream tracking-bench}: tracking quality against ground truth, printed as one JSON document. */
@Command(name = "tracking-bench", mixinStandardHelpOptions = true,
        description = "Measure tracking quality end to end: the model detects synthetic crossing scenes (objects"
                + " crossing, hiding each other, stopping, coming and going), the job's tracker and a greedy IoU"
                + " baseline track the detections (and the tracker, apart, the scenes' true boxes, to separate its"
                + " errors from the detector's), and MOTA, IDF1 and id switches against the scenes' ground truth"
                + " are printed as JSON.")
public final class TrackingBenchCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Either a model that detects the scenes now, or the detections of an earlier run. */
    static final class Source {

        @Option(names = "--model", paramLabel = "DIR", description = "Model artifact directory.")
        Path model;

        @Option(names = "--replay", paramLabel = "FILE", description = "Track the scenes and detections saved by an"
                + " earlier run's --save-detections instead of detecting them again; the scene options are the"
                + " file's.")
        Path replay;
    }

    @Option(names = "--save-detections", paramLabel = "FILE", description = "Also save the scenes' detections and"
            + " truth to FILE for --replay.")
    Path saveDetections;

    @Option(names = "--scenes", defaultValue = "3",
            description = "Scenes (seeds F to F+N-1, F the first scene). Default: ${DEFAULT-VALUE}.")
    int scenes;

    @Option(names = "--first-scene", defaultValue = "0", description = "Seed of the first scene: scenes from 6 on are"
            + " ones the tracker's thresholds were not chosen on. Default: ${DEFAULT-VALUE}.")
    int firstScene;

    @Option(names = "--seconds", defaultValue = "60",
            description = "How long objects keep entering each scene. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--fps", defaultValue = "10", description = "Frames per second filmed. Default: ${DEFAULT-VALUE}.")
    double fps;

    @Option(names = "--drop-rate", defaultValue = "0.05",
            description = "Share of frames dropped before detection, as shed or skipped frames are."
                    + " Default: ${DEFAULT-VALUE}.")
    double dropRate;

    @Option(names = "--frame-width", defaultValue = "384", description = "Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--frame-height", defaultValue = "288", description = "Default: ${DEFAULT-VALUE}.")
    int height;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FilmedScenes filmed;
        if (source.replay != null) {
            filmed = FilmedScenes.load(source.replay);
        } else {
            filmed = new TrackingBenchmark(source.model, firstScene, scenes, seconds, fps, dropRate, width, height)
                    .film();
        }
        if (saveDetections != null) {
            filmed.save(saveDetections);
        }
        spec.commandLine().getOut().println(Json.pretty(TrackingBenchmark.evaluate(filmed)));
        return 0;
    }
}
