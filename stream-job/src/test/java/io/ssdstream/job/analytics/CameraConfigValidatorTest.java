package io.ssdstream.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.SourcePosition;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.LineConfig;
import io.ssdstream.schemas.LineSide;
import io.ssdstream.schemas.PixelPoint;
import io.ssdstream.schemas.ReferencePoint;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.ZoneConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Which camera-configs records the job passes on to the analytics, in Flink's operator harness with the shipped demo
 * model, whose classes are disc, block, triangle and cross.
 */
class CameraConfigValidatorTest {

    private static final Path DEMO_MODEL = Path.of("..", "models", "demo");

    private static ZoneConfig zone(String name, List<String> classes) {
        return new ZoneConfig(name, List.of(new PixelPoint(10.0, 10.0), new PixelPoint(90.0, 10.0),
                new PixelPoint(90.0, 90.0)), classes, 2, 0L, ReferencePoint.BOTTOM_CENTRE);
    }

    private static LineConfig line(String name, List<String> classes) {
        return new LineConfig(name, new PixelPoint(0.0, 50.0), new PixelPoint(100.0, 50.0), LineSide.RIGHT, classes,
                5.0, ReferencePoint.BOTTOM_CENTRE);
    }

    private static ConfigMessage message(long offset, CameraConfig config) throws Exception {
        return new ConfigMessage(config.getCameraId(), WireCodec.forRecord(CameraConfig.class).encode(config),
                new SourcePosition("camera-configs", 0, offset));
    }

    private static CameraConfig config(List<ZoneConfig> zones, List<LineConfig> lines) {
        return new CameraConfig("gate", 100, 100, zones, lines, Instant.EPOCH);
    }

    @Test
    void aZoneOrLineFollowingAClassTheModelDoesNotKnowIsRefusedNamingItAndTheClass() throws Exception {
        try (OneInputStreamOperatorTestHarness<ConfigMessage, CameraSetting> harness = ProcessFunctionTestHarnesses
                .forProcessFunction(new CameraConfigValidator(new DeadLetters(1024), DEMO_MODEL.toString()))) {
            CameraConfig known = config(List.of(zone("bay", List.of("disc", "cross"))), List.of(line("door",
                    List.of("block"))));
            harness.processElement(message(1, known), 0);
            harness.processElement(message(2, config(List.of(zone("bay", List.of("disc", "person"))),
                    List.of(line("door", List.of("block"))))), 0);
            harness.processElement(message(3, config(List.of(zone("bay", List.of())),
                    List.of(line("door", List.of("car"))))), 0);

            assertThat(harness.extractOutputValues()).as("only the configuration with known classes goes on")
                    .singleElement().satisfies(s -> assertThat(s.config).isEqualTo(known));
            List<FrameRejected> refused = harness.getSideOutput(DeadLetters.TAG).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(refused).extracting(FrameRejected::getReason)
                    .containsExactly(RejectReason.INVALID_CONFIG, RejectReason.INVALID_CONFIG);
            assertThat(refused).extracting(FrameRejected::getCameraId).containsOnly("gate");
            assertThat(refused.get(0).getMessage()).contains("camera 'gate'", "camera-configs-0@2",
                    "previous one stays active", "zone 'bay': class 'person'", "[block, cross, disc, triangle]");
            assertThat(refused.get(1).getMessage()).contains("line 'door': class 'car'").doesNotContain("zone");
        }
    }
}
