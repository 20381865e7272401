package io.ssdstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.producer.CameraFeed;
import io.ssdstream.producer.FeedSettings;
import io.ssdstream.producer.publish.FramePublisher;
import io.ssdstream.producer.publish.PublisherConfig;
import io.ssdstream.producer.source.SyntheticCameraSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo's end-of-run tally is about its own cameras, whoever else writes to its broker. */
class LocalDemoAccountingTest {

    private static final int INTRUDER_FRAMES = 10;

    @Test
    void framesOfAnotherProducerAreNotCountedAsTheDemos() throws Exception {
        DemoConfig defaults = DemoConfig.DEFAULTS;
        DemoConfig config = new DemoConfig(Path.of("..").resolve(defaults.model()), 1, defaults.fps(),
                defaults.frameWidth(), defaults.frameHeight(), 1, Duration.ZERO, 0, 0, defaults.bindAddress(),
                defaults.summaryInterval(), defaults.scoreThreshold(), defaults.delivery(),
                defaults.checkpointInterval(), defaults.countWindow());
        StringWriter console = new StringWriter();
        try (LocalDemo demo = LocalDemo.start(config, new PrintWriter(console, true))) {
            Matcher broker = Pattern.compile("Kafka broker \\(KRaft, in this JVM\\) at (\\S+)")
                    .matcher(console.toString());
            assertThat(broker.find()).as(console.toString()).isTrue();
            try (FramePublisher intruder = new FramePublisher(new PublisherConfig(broker.group(1), LocalDemo.FRAMES,
                    Map.of()))) {
                new CameraFeed(FeedSettings.DEFAULTS.withCameraId("intruder").withMaxFrames(INTRUDER_FRAMES)
                        .withFps(20), new SyntheticCameraSource(320, 240, 1, 99), intruder).run();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (detected(demo.summaryLine()) <= INTRUDER_FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(detected(demo.summaryLine())).as("the intruder's frames and some of the demo's detected")
                    .isGreaterThan(INTRUDER_FRAMES);
        }

        Matcher tally = Pattern.compile(
                "demo: all (\\d+) frames accounted for: (\\d+) detection events, (\\d+) shed as stale, (\\d+) rejected")
                .matcher(console.toString());
        assertThat(tally.find()).as(console.toString()).isTrue();
        long published = Long.parseLong(tally.group(1));
        long events = Long.parseLong(tally.group(2));
        long shed = Long.parseLong(tally.group(3));
        long rejected = Long.parseLong(tally.group(4));
        // no failure in this run, so at-least-once delivered each of the demo's frames exactly once
        assertThat(events + shed + rejected).as(console.toString()).isEqualTo(published);
    }

    private static long detected(String summary) {
        Matcher detected = Pattern.compile("detected (\\d+) ").matcher(summary);
        return detected.find() ? Long.parseLong(detected.group(1)) : 0;
    }
}
