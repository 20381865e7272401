package io.ssdstream.job.decode;

/**
 * Loads OpenCV's native library, bundled in {@code org.openpnp:opencv}, once per class loader and thread-safely.
 *
 * <p>It uses {@code nu.pattern.OpenCV.loadLocally()}, which copies the bundled library (about 65 MB) into a fresh
 * temporary directory, {@code System.load}s it and registers a shutdown hook that deletes the copy.
 * {@code loadShared()} cannot work on Java 12 and later (it patches a JDK-internal library path) and falls back to
 * {@code loadLocally()} after logging a warning. A fresh file per load lets a second class loader load its own copy,
 * where loading one path twice fails with "already loaded in another classloader". That second loader is what a
 * Flink job jar gets on every job (re)start in a running TaskManager: its copy stays mapped, its hook pins the loader,
 * and once Flink closes the loader the hook can no longer load its own classes, so the copy stays on disk. In a
 * cluster, OpenCV belongs in Flink's {@code lib/} with {@code org.opencv.;nu.pattern.} loaded parent-first, as DJL.
 *
 * <p>Decoding calls this itself; a Flink operator may call it in {@code open()} to fail at start, not on the first
 * JPEG or PNG.
 */
public final class OpenCvNatives {

    private OpenCvNatives() {
    }

    /**
     * Loads the library on the first call in this class loader; later calls cost a field read.
     *
     * @throws IllegalStateException when the library cannot be loaded here (unsupported platform, no writable
     *     temporary directory): a fault of the machine, not of any frame, so it is not turned into rejections
     */
    public static void ensureLoaded() {
        Throwable failure = Load.FAILURE;
        if (failure != null) {
            throw new IllegalStateException("OpenCV's native library could not be loaded: " + failure, failure);
        }
    }

    /** The JVM initialises this class once, under its own lock, so the load runs once and every caller sees it done. */
    private static final class Load {

        static final Throwable FAILURE = load();

        private static Throwable load() {
            try {
                nu.pattern.OpenCV.loadLocally();
                return null;
            } catch (RuntimeException | LinkageError e) {
                return e;
            }
        }
    }
}
