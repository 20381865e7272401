package io.ssdstream.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.PixelPoint;
import io.ssdstream.schemas.ReferencePoint;
import io.ssdstream.schemas.ZoneConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The analytics operator in Flink's keyed broadcast harness: one camera, configured, deleted and configured again. */
class ZoneAnalyticsTest {

    private static final CameraConfig CONFIG = new CameraConfig("gate", 100, 100, List.of(new ZoneConfig("bay",
            List.of(new PixelPoint(0.0, 0.0), new PixelPoint(100.0, 0.0), new PixelPoint(100.0, 100.0)), List.of(),
            1, 0L, ReferencePoint.BOTTOM_CENTRE)), List.of(), Instant.EPOCH);

    /** A frame of camera gate at {@code millis} with one person. */
    private static TrackerUpdate frame(long millis) {
        TrackerUpdate update = new TrackerUpdate();
        update.cameraId = "gate";
        update.time = millis;
        update.frame = true;
        update.modelName = "m";
        update.modelVersion = "1";
        update.trackIds = new long[] {1};
        update.classIds = new int[] {1};
        update.labels = new String[] {"person"};
        update.boxes = new float[] {40, 40, 60, 60};
        update.endedTrackIds = new long[0];
        return update;
    }

    @Test
    void aConfigurationDeletedAndAddedAgainWithinAWindowEmitsItWithIncreasingRevisions() throws Exception {
        ZoneAnalytics analytics = new ZoneAnalytics(new CountingSettings(Duration.ofSeconds(1), Duration.ZERO), 0.1f);
        try (KeyedBroadcastOperatorTestHarness<String, TrackerUpdate, CameraSetting, CameraClassCounts> harness =
                     ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(analytics, u -> u.cameraId,
                             Types.STRING, ZoneAnalytics.CONFIGS)) {
            harness.processBroadcastElement(new CameraSetting("gate", CONFIG), 0);
            for (long t = 0; t < 500; t += 100) {
                harness.processElement(frame(t), t);
            }
            harness.processBroadcastElement(new CameraSetting("gate", null), 500);
            harness.processElement(frame(500), 500);
            harness.processBroadcastElement(new CameraSetting("gate", CONFIG), 600);
            for (long t = 600; t < 1000; t += 100) {
                harness.processElement(frame(t), t);
            }
            harness.processElement(frame(1000), 1000);

            List<CameraClassCounts> counts = harness.extractOutputValues();
            assertThat(counts).extracting(c -> c.getWindowStart().toEpochMilli()).containsOnly(0L);
            assertThat(counts).extracting(CameraClassCounts::getRevision).as("revisions of window [0, 1 s)")
                    .containsExactly(0, 1);
            assertThat(counts).extracting(CameraClassCounts::getFrames)
                    .as("as it stood at the deletion; then complete, the frame without configuration not counted")
                    .containsExactly(5L, 9L);
        }
    }
}
