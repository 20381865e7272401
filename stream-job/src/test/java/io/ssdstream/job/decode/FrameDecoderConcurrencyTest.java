package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.TestImages.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.decode.DecodeResult.Decoded;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads decoding at once, the first of them racing to load OpenCV. Other tests in this JVM may have loaded it
 * already, so the race is run in a fresh class loader that owns its own copy of the decoder and of OpenCV, as a
 * restarted Flink job's child-first class loader would.
 */
class FrameDecoderConcurrencyTest {

    private static final int THREADS = 8;
    private static final int FRAMES_PER_THREAD = 40;

    private static final BufferedImage NOISE = TestImages.noise(96, 64, BufferedImage.TYPE_INT_RGB, 11);
    private static final byte[] NOISE_RGB = TestImages.packedRgb(NOISE);
    /** One frame of each kind; the JPEG holds the quadrant picture, whose pixels survive compression closely. */
    private static final List<VideoFrame> FRAMES = List.of(
            frame(FrameEncoding.PNG, 96, 64, TestImages.png(NOISE)),
            frame(FrameEncoding.JPEG, 64, 48, TestImages.jpeg(TestImages.quadrants(64, 48), false)),
            frame(FrameEncoding.RAW_BGR24, 96, 64, bgr(NOISE_RGB)));
    private static final int JPEG_FRAME = 1;

    @Test
    void oneSharedDecoderServesManyThreads() throws Exception {
        FrameDecoder decoder = new FrameDecoder(DecodeLimits.DEFAULTS);
        assertAllDecoded(race(frame -> ((Decoded) decoder.decode(frame)).image()));
    }

    @Test
    void threadsRacingToLoadOpenCvInAFreshClassLoaderAllDecode() throws Exception {
        // Left open: OpenCV's loader registers a shutdown hook, in this loader's classes, that deletes its extracted
        // copy of the library, and a closed loader can no longer load the rest of that hook's classes.
        URLClassLoader isolated = new ChildFirstLoader(FrameDecoderConcurrencyTest.class.getClassLoader());
        Class<?> limits = isolated.loadClass(DecodeLimits.class.getName());
        Class<?> decoderType = isolated.loadClass(FrameDecoder.class.getName());
        assertThat(decoderType).isNotSameAs(FrameDecoder.class);
        Object decoder = decoderType.getConstructor(limits).newInstance(limits.getField("DEFAULTS").get(null));
        Method decode = decoderType.getMethod("decode", VideoFrame.class);
        assertAllDecoded(race(frame -> {
            Object result = decode.invoke(decoder, frame);
            return (RgbFrame) result.getClass().getMethod("image").invoke(result);
        }));
    }

    /** Every thread waits at the gate, then decodes the frame kinds in turn, each thread starting at another kind. */
    private static List<List<RgbFrame>> race(Decode decode) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<List<RgbFrame>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<List<RgbFrame>> work = () -> {
                    gate.await();
                    List<RgbFrame> images = new ArrayList<>();
                    for (int i = 0; i < FRAMES_PER_THREAD; i++) {
                        images.add(decode.apply(FRAMES.get(kind(thread, i))));
                    }
                    return images;
                };
                futures.add(pool.submit(work));
            }
            gate.countDown();
            List<List<RgbFrame>> perThread = new ArrayList<>();
            for (Future<List<RgbFrame>> future : futures) {
                perThread.add(future.get(60, TimeUnit.SECONDS));
            }
            return perThread;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int kind(int thread, int index) {
        return (thread + index) % FRAMES.size();
    }

    private static void assertAllDecoded(List<List<RgbFrame>> perThread) {
        assertThat(perThread).hasSize(THREADS);
        for (int thread = 0; thread < THREADS; thread++) {
            assertThat(perThread.get(thread)).hasSize(FRAMES_PER_THREAD);
            for (int i = 0; i < FRAMES_PER_THREAD; i++) {
                RgbFrame image = perThread.get(thread).get(i);
                if (kind(thread, i) == JPEG_FRAME) {
                    FrameDecoderTest.assertQuadrants(image);
                } else {
                    assertThat(image.rgb()).as("thread %d frame %d", thread, i).isEqualTo(NOISE_RGB);
                }
            }
        }
    }

    private static byte[] bgr(byte[] rgb) {
        byte[] bgr = rgb.clone();
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 2] = rgb[i];
        }
        return bgr;
    }

    @FunctionalInterface
    private interface Decode {
        RgbFrame apply(VideoFrame frame) throws Exception;
    }

    /**
     * Loads this package and OpenCV (its Java classes and, through them, its native library) itself; everything
     * else, the schema and RgbFrame types the test hands across included, comes from the parent.
     */
    private static final class ChildFirstLoader extends URLClassLoader {

        private static final String[] OWN = {"io.ssdstream.job.decode.", "org.opencv.", "nu.pattern."};

        ChildFirstLoader(ClassLoader parent) {
            super(new URL[] {location(FrameDecoder.class), location(nu.pattern.OpenCV.class)}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isOwn(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }

        private static boolean isOwn(String name) {
            for (String prefix : OWN) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        private static URL location(Class<?> type) {
            return type.getProtectionDomain().getCodeSource().getLocation();
        }
    }
}
