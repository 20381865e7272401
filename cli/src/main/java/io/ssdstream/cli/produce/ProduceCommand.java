package io.ssdstream.cli.produce;

import io.ssdstream.kafka.preflight.KafkaPreflight;
import io.ssdstream.cli.FrameSizeOption;
import io.ssdstream.cli.StopSignals;
import io.ssdstream.producer.CameraFeed;
import io.ssdstream.producer.FeedSettings;
import io.ssdstream.producer.FeedStats;
import io.ssdstream.producer.publish.FramePublisher;
import io.ssdstream.producer.publish.PublisherConfig;
import io.ssdstream.producer.source.FrameSource;
import io.ssdstream.producer.source.ReconnectingSource;
import io.ssdstream.producer.source.SourceSpec;
import io.ssdstream.producer.source.VideoSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream produce}: one camera feed to the frames topic of any Kafka cluster, from a video file, an
 * RTSP/HTTP camera, a directory of images or the synthetic generator. Defaults come from {@link FeedSettings#DEFAULTS}
 * and {@link SourceSpec.Options#DEFAULTS}.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publish one camera's frames (JPEG VideoFrames) to the frames topic.",
            "SOURCE is synthetic[:SEED], a directory of images, a video file, or a camera URL (rtsp://, http://,"
                    + " ...; reconnected when it drops). Stops at the end of a file or directory, after"
                    + " --max-frames, or on Ctrl-C."})
public final class ProduceCommand implements Callable<Integer> {

    private static final FeedSettings FEED = FeedSettings.DEFAULTS;
    private static final SourceSpec.Options SOURCE = SourceSpec.Options.DEFAULTS;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "What to publish.")
    String source;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...")
    String bootstrapServers;

    @Option(names = "--topic", description = "Default: ${DEFAULT-VALUE}.")
    String topic = PublisherConfig.DEFAULT_TOPIC;

    @Option(names = "--camera-id", description = "The frames' cameraId and message key. Default: ${DEFAULT-VALUE}.")
    String cameraId = FEED.cameraId();

    @Option(names = "--fps", description = "Most frames per second; 0 for the source's own rate."
            + " Default: ${DEFAULT-VALUE}.")
    double fps = FEED.fps();

    @Option(names = "--keep-every", paramLabel = "N", description = "Publish only every N-th picture of the source."
            + " Default: ${DEFAULT-VALUE}.")
    int keepEvery = FEED.keepEvery();

    @Option(names = "--jpeg-quality", description = "JPEG quality in (0, 1]. Default: ${DEFAULT-VALUE}.")
    float jpegQuality = FEED.jpegQuality();

    @Option(names = "--max-frames", description = "Stop after this many frames; 0 for no limit."
            + " Default: ${DEFAULT-VALUE}.")
    long maxFrames = FEED.maxFrames();

    @Option(names = "--first-sequence", description = "The first frameSequence; -1 for the clock in milliseconds,"
            + " which keeps a restarted feed above its earlier numbers. Default: ${DEFAULT-VALUE}.")
    long firstSequence = FEED.firstSequence();

    @Option(names = "--loop", description = "Start a video file or image directory over at its end.")
    boolean loop = SOURCE.loop();

    @Option(names = "--rtsp-transport", description = "TCP or UDP. Default: ${DEFAULT-VALUE}.")
    VideoSource.RtspTransport rtspTransport = SOURCE.video().rtspTransport();

    @Option(names = "--io-timeout-ms", description = "A camera silent this long counts as dropped."
            + " Default: ${DEFAULT-VALUE}.")
    long ioTimeoutMs = SOURCE.video().ioTimeout().toMillis();

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "FFmpeg demuxer for inputs it cannot probe (e.g. mpjpeg, h264).")
    String inputFormat = SOURCE.video().inputFormat();

    @Option(names = "--live-probe-ms", description = "How much of a camera's stream FFmpeg reads on (re)connecting"
            + " to learn its format; raise it for a camera whose picture size comes later. Default: ${DEFAULT-VALUE}.")
    long liveProbeMs = SOURCE.video().liveProbe().toMillis();

    @Option(names = "--reconnect-max-backoff-ms", description = "Longest wait between reconnection attempts."
            + " Default: ${DEFAULT-VALUE}.")
    long maxBackoffMs = SOURCE.reconnect().maxBackoff().toMillis();

    @Option(names = "--reconnect-attempts", description = "Give up after this many failed attempts in a row;"
            + " 0 for never. Default: ${DEFAULT-VALUE}.")
    int reconnectAttempts = SOURCE.reconnect().maxAttempts();

    @Option(names = "--synthetic-size", paramLabel = "WxH", converter = FrameSizeOption.Converter.class,
            description = "Synthetic picture size. Default: ${DEFAULT-VALUE}.")
    FrameSizeOption syntheticSize = new FrameSizeOption(SOURCE.syntheticWidth(), SOURCE.syntheticHeight());

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Attribute for every frame (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "Extra producer property (repeatable).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        FeedSettings settings = new FeedSettings(cameraId, fps, keepEvery, jpegQuality, maxFrames, firstSequence,
                metadata);
        PublisherConfig publishing = new PublisherConfig(bootstrapServers, topic, kafkaProperties);
        KafkaPreflight.requireReachable(bootstrapServers, publishing.kafkaProperties(),
                PublisherConfig.CONNECT_TIMEOUT);
        FrameSource frames = new SourceSpec(source).open(sourceOptions());
        PrintWriter out = spec.commandLine().getOut();
        FeedStats stats;
        try (FramePublisher publisher = new FramePublisher(publishing)) {
            CameraFeed feed = new CameraFeed(settings, frames, publisher);
            try (StopSignals ctrlC = StopSignals.install(feed::stop)) {
                feed.run();
            }
            publisher.flush();
            stats = feed.stats();
        }
        out.printf("produce: camera %s: %d pictures read, %d skipped, %d published, %d acknowledged, %d failed,"
                + " %d reconnections%n", stats.cameraId(), stats.read(), stats.skipped(), stats.published(),
                stats.acknowledged(), stats.failed(), stats.reconnects());
        if (stats.failed() > 0) {
            throw new IllegalStateException(stats.failed() + " frames were not published to " + topic
                    + " (the warnings above say why)");
        }
        return 0;
    }

    private SourceSpec.Options sourceOptions() {
        VideoSource.Options video = new VideoSource.Options(loop, rtspTransport, Duration.ofMillis(ioTimeoutMs),
                inputFormat, Duration.ofMillis(liveProbeMs));
        ReconnectingSource.Policy reconnect = new ReconnectingSource.Policy(SOURCE.reconnect().initialBackoff(),
                Duration.ofMillis(maxBackoffMs), reconnectAttempts);
        return new SourceSpec.Options(loop, video, reconnect, syntheticSize.width(), syntheticSize.height(),
                SOURCE.syntheticObjects());
    }

}
