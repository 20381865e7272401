package io.ssdstream.cli.view;

import io.ssdstream.cli.StopSignals;
import io.ssdstream.demo.viewer.LiveView;
import io.ssdstream.demo.viewer.TopicReader;
import io.ssdstream.demo.viewer.ViewerConfig;
import io.ssdstream.demo.viewer.ViewerServer;
import io.ssdstream.job.config.JobConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream view}: the demo's live viewer over the topics of any cluster, until Ctrl-C. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Serve the live viewer (latest frame per camera with its boxes and track ids, active objects,"
                + " zones, lines and counts, throughput, latency) for the topics of a Kafka cluster. Stops on"
                + " Ctrl-C.")
public final class ViewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...")
    String bootstrapServers;

    @Option(names = "--frames-topic", description = "Default: the job's, ${DEFAULT-VALUE}.")
    String framesTopic = JobConfig.DEFAULTS.framesTopic();

    @Option(names = "--detections-topic", description = "Default: the job's, ${DEFAULT-VALUE}.")
    String detectionsTopic = JobConfig.DEFAULTS.detectionsTopic();

    @Option(names = "--dead-letter-topic", description = "Default: the job's, ${DEFAULT-VALUE}.")
    String deadLetterTopic = JobConfig.DEFAULTS.deadLetterTopic();

    @Option(names = "--objects-topic", description = "Tracked objects; skipped if the topic does not exist."
            + " Default: the job's, ${DEFAULT-VALUE}.")
    String objectsTopic = JobConfig.DEFAULTS.objectsTopic();

    @Option(names = "--camera-configs-topic", description = "Zones and lines, drawn on the pictures."
            + " Default: the job's, ${DEFAULT-VALUE}.")
    String cameraConfigsTopic = JobConfig.DEFAULTS.cameraConfigsTopic();

    @Option(names = "--zone-events-topic", description = "Who is in each zone. Default: the job's, ${DEFAULT-VALUE}.")
    String zoneEventsTopic = JobConfig.DEFAULTS.zoneEventsTopic();

    @Option(names = "--line-crossings-topic", description = "Crossings counted per line and direction."
            + " Default: the job's, ${DEFAULT-VALUE}.")
    String lineCrossingsTopic = JobConfig.DEFAULTS.lineCrossingsTopic();

    @Option(names = "--counts-topic", description = "Each camera's latest window of counts per class."
            + " Default: the job's, ${DEFAULT-VALUE}.")
    String countsTopic = JobConfig.DEFAULTS.countsTopic();

    @Option(names = "--viewer-port", description = "Default: ${DEFAULT-VALUE}; 0 for any free port.")
    int port = ViewerConfig.DEFAULT_PORT;

    @Option(names = {"--bind-address", "--viewer-bind"}, paramLabel = "ADDRESS",
            description = "Interface to serve on. The page shows camera pictures: widen with care."
                    + " Default: ${DEFAULT-VALUE}.")
    String bindAddress = ViewerConfig.DEFAULT_BIND_ADDRESS;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "Extra consumer property (repeatable).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        ViewerConfig config = new ViewerConfig(bootstrapServers, framesTopic, detectionsTopic, deadLetterTopic,
                objectsTopic, new ViewerConfig.AnalyticsTopics(cameraConfigsTopic, zoneEventsTopic, lineCrossingsTopic,
                countsTopic), bindAddress, port, kafkaProperties);
        LiveView view = new LiveView();
        CountDownLatch stopped = new CountDownLatch(1);
        try (TopicReader reader = new TopicReader(config, view);
                ViewerServer server = new ViewerServer(config, view, Map.of())) {
            Thread reading = new Thread(reader, "viewer-topics");
            reading.start();
            PrintWriter out = spec.commandLine().getOut();
            out.println("view: " + server.address() + " (Ctrl-C stops)");
            try (StopSignals ctrlC = StopSignals.install(stopped::countDown)) {
                stopped.await();
            }
        }
        return 0;
    }
}
