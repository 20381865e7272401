package io.ssdstream.cli.demo;

import io.ssdstream.cli.FrameSizeOption;
import io.ssdstream.cli.StopSignals;
import io.ssdstream.demo.DemoConfig;
import io.ssdstream.demo.LocalDemo;
import io.ssdstream.job.config.DeliveryGuarantee;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream demo}: the product end to end on this machine — broker, job, synthetic cameras and the live
 * viewer — until Ctrl-C or {@code --duration}. Defaults come from {@link DemoConfig#DEFAULTS}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline locally: an in-process Kafka broker, the detection job with Flink's web UI,"
                + " synthetic cameras and a live viewer in the browser. Stops on Ctrl-C or after --duration."})
public final class DemoCommand implements Callable<Integer> {

    private static final DemoConfig DEFAULTS = DemoConfig.DEFAULTS;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model artifact the job loads. Default: the shipped demo model, models/demo.")
    Path model;

    @Option(names = "--cameras", description = "Synthetic cameras, 1 to 16. Default: ${DEFAULT-VALUE}.")
    int cameras = DEFAULTS.cameras();

    @Option(names = "--fps", description = "Frames per second per camera. Default: ${DEFAULT-VALUE}.")
    double fps = DEFAULTS.fps();

    @Option(names = "--frame-size", paramLabel = "WxH", converter = FrameSizeOption.Converter.class,
            description = "Camera picture size. Default: ${DEFAULT-VALUE}.")
    FrameSizeOption frameSize = new FrameSizeOption(DEFAULTS.frameWidth(), DEFAULTS.frameHeight());

    @Option(names = "--objects", description = "Moving objects per camera. Default: ${DEFAULT-VALUE}.")
    int objects = DEFAULTS.objectsPerCamera();

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 90s or 5m; 0 runs until Ctrl-C. Default: 0.")
    Duration duration = DEFAULTS.duration();

    @Option(names = "--viewer-port", description = "Viewer port; 0 for any free port. Default: ${DEFAULT-VALUE}.")
    int viewerPort = DEFAULTS.viewerPort();

    @Option(names = "--web-ui-port", description = "Flink web UI port; 0 for none. Default: ${DEFAULT-VALUE}.")
    int webUiPort = DEFAULTS.webUiPort();

    @Option(names = "--bind-address", paramLabel = "ADDRESS",
            description = "Interface the broker, Flink and the viewer listen on; 0.0.0.0 exposes camera pictures"
                    + " to every machine that can reach this one. Default: ${DEFAULT-VALUE}.")
    String bindAddress = DEFAULTS.bindAddress();

    @Option(names = "--summary-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the console prints a summary line. Default: 5s.")
    Duration summaryInterval = DEFAULTS.summaryInterval();

    @Option(names = "--score-threshold", description = "Lowest score shown. Default: ${DEFAULT-VALUE}.")
    double scoreThreshold = DEFAULTS.scoreThreshold();

    @Option(names = "--delivery-guarantee", description = "AT_LEAST_ONCE or EXACTLY_ONCE (the viewer then sees"
            + " events once per checkpoint). Default: ${DEFAULT-VALUE}.")
    DeliveryGuarantee delivery = DEFAULTS.delivery();

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The job's checkpoint interval. Default: 5s.")
    Duration checkpointInterval = DEFAULTS.checkpointInterval();

    @Option(names = "--count-window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The job's window for counts per class, line and zone. Default: 10s.")
    Duration countWindow = DEFAULTS.countWindow();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoConfig config = new DemoConfig(model == null ? shippedModel() : model, cameras, fps, frameSize.width(),
                frameSize.height(), objects, duration, viewerPort, webUiPort, bindAddress, summaryInterval,
                scoreThreshold, delivery, checkpointInterval, countWindow);
        Path log = Files.createTempFile("ssd-stream-demo-", ".log");
        out.println("demo: log of the broker, Flink and the model runtime in " + log);
        PrintStream console = System.err;
        // the libraries log through SLF4J's simple logger, which writes to whatever System.err is at each line
        try (PrintStream logFile = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            System.setErr(logFile);
            try (LocalDemo demo = LocalDemo.start(config, out);
                    StopSignals ctrlC = StopSignals.install(demo::stop)) {
                out.println("demo: running" + (duration.isZero() ? " until Ctrl-C" : " for " + duration.toSeconds()
                        + " s") + "; open " + demo.viewerAddress() + " in a browser");
                demo.runUntilDone();
            } finally {
                System.setErr(console);
            }
        }
        return 0;
    }

    /** {@code models/demo} under the installation the launcher runs from, or under the working directory. */
    private static Path shippedModel() {
        String home = System.getProperty("ssd-stream.home");
        return home == null ? DEFAULTS.model() : Path.of(home).resolve(DEFAULTS.model());
    }

    /** Durations as people write them: 90s, 5m, 1h, 500ms, or plain seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                long amount = Long.parseLong(text.replaceAll("[smh]$", ""));
                return switch (text.charAt(text.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration such as 90s, 5m or 500ms");
            }
        }
    }
}
