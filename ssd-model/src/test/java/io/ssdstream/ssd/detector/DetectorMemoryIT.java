package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.cv.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-running stream calls the detector forever, so one native array left behind per call eventually kills it.
 * 10,000 calls must not grow the process's resident memory: each call frees its native scope.
 */
class DetectorMemoryIT {

    private static final int CALLS = 10_000;
    private static final int WARM_UP = 1_000;
    private static final long ALLOWED_GROWTH_BYTES = 64L << 20;

    @TempDir
    Path directory;

    @Test
    void tenThousandCallsDoNotGrowNativeMemory() throws Exception {
        // 1/64 width: the smallest network with SSD300's full geometry, so the test times the bookkeeping
        TestModels.write(directory, 1.0 / 64);
        List<Image> batch = List.of(DetectorTest.scene(64, 48, 1), DetectorTest.scene(48, 64, 2));
        try (Detector detector = Detector.load(directory, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            for (int i = 0; i < WARM_UP; i++) {
                detector.detect(batch);
            }
            long before = residentBytes();
            for (int i = WARM_UP; i < CALLS; i++) {
                assertThat(detector.detect(batch)).hasSize(2);
            }
            long after = residentBytes();
            assertThat(after - before).as("resident memory growth over %d calls, bytes", CALLS - WARM_UP)
                    .isLessThan(ALLOWED_GROWTH_BYTES);
        }
    }

    /** Resident set size after a full GC, so a heap that grows with garbage does not count. */
    private static long residentBytes() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
