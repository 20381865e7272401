package io.ssdstream.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.zones.analytics.CameraAnalytics;
import io.ssdstream.zones.analytics.CameraGeometry;
import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.bench.BenchmarkScene;
import io.ssdstream.zones.counting.CountingSettings;
import io.ssdstream.zones.counting.WindowCounter;
import io.ssdstream.zones.counting.WindowCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The analytics state's binary format on a busy camera: 20 zones, 20 lines and 50 tracked objects. */
class CameraAnalyticsStateSerializerTest {

    private static final CameraAnalyticsStateSerializer SERIALIZER = CameraAnalyticsStateSerializer.INSTANCE;
    private static final CountingSettings COUNTING = CountingSettings.defaults();

    private final SplittableRandom random = new SplittableRandom(7);
    private final CameraGeometry geometry = new CameraGeometry(BenchmarkScene.config(20, 20, random));
    /** 70 s of frames: the first 60 fill the state, the rest continue from it. */
    private final List<TrackedFrame> frames = BenchmarkScene.frames(50, 700, random);

    /** Runs the frames through analytics and counter from {@code state}; every output, and the state after. */
    private CameraAnalyticsState run(CameraAnalyticsState state, List<TrackedFrame> part, List<Object> outputs) {
        CameraAnalytics analytics = new CameraAnalytics(geometry, state.analytics());
        WindowCounter counter = new WindowCounter(COUNTING, state.counter());
        for (TrackedFrame frame : part) {
            FrameAnalytics result = analytics.update(frame);
            List<WindowCounts> counts = counter.add(frame, result);
            outputs.add(result);
            outputs.addAll(counts);
        }
        return new CameraAnalyticsState(analytics.state(), counter.state(), "ssd300-coco", "1.0.0",
                Map.of("person", 1, "car", 3));
    }

    private static byte[] serialize(CameraAnalyticsState state) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        SERIALIZER.serialize(state, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void aRestoredStateContinuesExactlyAsTheOriginalAndIsAFractionOfItsJavaSerialization() throws Exception {
        CameraAnalyticsState filled = run(CameraAnalyticsState.EMPTY, frames.subList(0, 600), new ArrayList<>());
        assertThat(filled.analytics().tracks()).as("tracks standing in zones or near lines").hasSizeGreaterThan(40);

        byte[] bytes = serialize(filled);
        CameraAnalyticsState restored = SERIALIZER.deserialize(new DataInputDeserializer(bytes));

        assertThat(restored.analytics()).isEqualTo(filled.analytics());
        assertThat(restored.modelName()).isEqualTo("ssd300-coco");
        assertThat(restored.classIds()).isEqualTo(filled.classIds());
        assertThat(serialize(restored)).as("written again, the same bytes").isEqualTo(bytes);
        List<Object> fromOriginal = new ArrayList<>();
        List<Object> fromRestored = new ArrayList<>();
        run(filled, frames.subList(600, 700), fromOriginal);
        run(restored, frames.subList(600, 700), fromRestored);
        assertThat(fromOriginal).as("the next 10 s: events and the closed minute's counts").hasSizeGreaterThan(100)
                .anyMatch(WindowCounts.class::isInstance);
        assertThat(fromRestored).isEqualTo(fromOriginal);

        // the job's format before: Java serialization of the same values
        int javaSerialized = InstantiationUtil.serializeObject(filled.analytics()).length
                + InstantiationUtil.serializeObject(filled.counter()).length;
        assertThat(bytes.length).as("binary vs %d bytes Java-serialized", javaSerialized)
                .isLessThan(javaSerialized / 4);
    }
}
