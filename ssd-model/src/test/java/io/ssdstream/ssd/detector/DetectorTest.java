package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorTest {

    @TempDir
    static Path directory;

    private static Detector detector;

    @BeforeAll
    static void load() throws Exception {
        TestModels.write(directory, 0.125);
        detector = Detector.load(directory, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU));
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    static Image scene(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setColor(new Color(random.nextInt()));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(random.nextInt()));
            g.fillRect(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width / 2), 1 + random.nextInt(height / 2));
        }
        g.dispose();
        return ImageFactory.getInstance().fromImage(image);
    }

    @Test
    void detectionsComeBackPerImageInEachImagesOwnPixels() {
        List<Image> images = List.of(scene(640, 480, 1), scene(300, 300, 2), scene(123, 77, 3));
        List<List<DetectedObject>> results = detector.detect(images);
        assertThat(results).hasSize(3);
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            List<DetectedObject> detections = results.get(i);
            assertThat(detections).isNotEmpty().hasSizeLessThanOrEqualTo(200);
            for (DetectedObject d : detections) {
                assertThat(d.classId()).isBetween(1, 3);
                assertThat(d.label()).isEqualTo(TestModels.CLASSES.get(d.classId()));
                assertThat(d.score()).isGreaterThan(0.01f).isLessThanOrEqualTo(1f);
                assertThat(d.xMin()).isBetween(0f, d.xMax());
                assertThat(d.yMin()).isBetween(0f, d.yMax());
                assertThat(d.xMax()).isLessThanOrEqualTo(image.getWidth() + 1e-3f);
                assertThat(d.yMax()).isLessThanOrEqualTo(image.getHeight() + 1e-3f);
            }
            for (int j = 1; j < detections.size(); j++) {
                assertThat(detections.get(j).score()).isLessThanOrEqualTo(detections.get(j - 1).score());
            }
        }
    }

    @Test
    void detectionsFollowTheirImageWhateverItsPositionInTheBatch() {
        Image a = scene(320, 240, 4);
        Image b = scene(200, 400, 5);
        List<List<DetectedObject>> forward = detector.detect(List.of(a, b));
        List<List<DetectedObject>> reversed = detector.detect(List.of(b, a));
        assertThat(reversed.get(0)).isEqualTo(forward.get(1));
        assertThat(reversed.get(1)).isEqualTo(forward.get(0));
        assertThat(forward.get(1)).allSatisfy(d -> assertThat(d.yMax()).isLessThanOrEqualTo(400f));
        assertThat(forward.get(1)).anySatisfy(d -> assertThat(d.yMax()).isGreaterThan(240f));
    }

    @Test
    void packedRgbFramesDetectLikeTheSameImages() {
        int width = 96;
        int height = 72;
        BufferedImage pixels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = pixels.createGraphics();
        g.setColor(new Color(30, 140, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(250, 90, 10));
        g.fillRect(20, 10, 40, 50);
        g.dispose();
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = pixels.getRGB(x, y);
                int i = (y * width + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        assertThat(detector.detectRgb(List.of(new RgbFrame(width, height, rgb))))
                .isEqualTo(detector.detect(List.of(ImageFactory.getInstance().fromImage(pixels))));
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(scene(160 + 16 * i, 120 + 8 * i, 10 + i));
        }
        List<List<DetectedObject>> sequential = new ArrayList<>();
        for (Image image : images) {
            sequential.add(detector.detect(List.of(image)).get(0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<DetectedObject>>> futures = new ArrayList<>();
            for (Image image : images) {
                futures.add(pool.submit(() -> detector.detect(List.of(image)).get(0)));
            }
            for (int i = 0; i < images.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void fp16LoadsAFloat16NetworkAndDetectsInFrameCoordinates() throws Exception {
        Image image = scene(640, 480, 7);
        try (Detector half = Detector.load(directory, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU).withPrecision(Precision.FP16))) {
            assertThat(half.precision()).isEqualTo(Precision.FP16);
            List<DetectedObject> detections = half.detect(List.of(image)).get(0);
            assertThat(detections).isNotEmpty().allSatisfy(d -> {
                assertThat(d.xMax()).isLessThanOrEqualTo(640.001f);
                assertThat(d.yMax()).isLessThanOrEqualTo(480.001f);
            });
        }
    }

    @Test
    void bf16RunsWhereTheCpuHasBfloat16AndFp32Elsewhere() throws Exception {
        Image image = scene(640, 480, 7);
        Precision expected = CpuFeatures.current().hasBfloat16() ? Precision.BF16 : Precision.FP32;
        try (Detector reduced = Detector.load(directory, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU).withPrecision(Precision.BF16));
             Detector auto = Detector.load(directory, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU).withPrecision(Precision.AUTO))) {
            assertThat(reduced.precision()).isEqualTo(expected);
            assertThat(auto.precision()).isEqualTo(expected);
            List<DetectedObject> detections = reduced.detect(List.of(image)).get(0);
            assertThat(detections).isNotEmpty().allSatisfy(d -> {
                assertThat(d.xMax()).isLessThanOrEqualTo(640.001f);
                assertThat(d.yMax()).isLessThanOrEqualTo(480.001f);
            });
        }
    }

    @Test
    void anEmptyBatchIsRejected() {
        assertThatThrownBy(() -> detector.detect(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one image");
    }

    /**
     * What a TaskManager does when it releases a job's models while a cancelled task is still in a forward pass: the
     * calls in progress finish with their results, later ones fail with a message, and nothing reads freed memory
     * (which would kill this JVM rather than fail the test).
     */
    @Test
    void closingWhileOtherThreadsDetectLetsTheirCallsFinishAndRefusesLaterOnes() throws Exception {
        Detector closing = Detector.load(directory, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU));
        List<Image> batch = List.of(scene(320, 240, 1), scene(320, 240, 2));
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<Integer>> callers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            callers.add(threads.submit(() -> {
                int completed = 0;
                try {
                    while (true) {
                        assertThat(closing.detect(batch)).hasSize(2);
                        completed++;
                        running.countDown();
                    }
                } catch (IllegalStateException refused) {
                    assertThat(refused).hasMessageContaining("was closed");
                    return completed;
                }
            }));
        }
        running.await();
        closing.close();
        for (Future<Integer> caller : callers) {
            assertThat(caller.get()).as("calls that completed before the close").isPositive();
        }
        threads.shutdown();
        assertThatThrownBy(() -> closing.detect(batch)).isInstanceOf(IllegalStateException.class);
    }
}
