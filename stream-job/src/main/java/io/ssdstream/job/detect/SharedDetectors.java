package io.ssdstream.job.detect;

import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSelector;
import io.ssdstream.ssd.detector.DeviceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager's loaded models: one {@link Detector} per artifact, device and precision, shared by every task
 * slot that asks for it and reference-counted. A {@link Detector} is thread-safe, so the slots' task threads call
 * it concurrently. With device {@code auto}, successive leases spread over the visible GPUs round-robin, falling
 * back to the CPU when there is none.
 *
 * <p>Slots that batch per device (see {@link DeviceBatchedDetector}) also share the model's {@link DeviceBatcher}: one
 * inference thread per model and device, started by the first slot that asks for it.
 *
 * <p>The registry lives in the job's class loader: the last lease closed frees the model and stops its batcher, and
 * {@link #closeAll()} (registered as the user-code class loader's release hook) frees whatever a failed task left.
 */
public final class SharedDetectors {

    private static final Logger LOG = LoggerFactory.getLogger(SharedDetectors.class);
    private static final Map<Key, Entry> LOADED = new HashMap<>();
    private static final AtomicInteger NEXT_GPU = new AtomicInteger();

    private record Key(DetectorSettings settings, DeviceSpec device) {}

    private static final class Entry {
        final Detector detector;
        DeviceBatcher batcher;
        int leases;

        Entry(Detector detector) {
            this.detector = detector;
        }

        void close() {
            if (batcher != null) {
                batcher.close();
            }
            detector.close();
        }
    }

    private SharedDetectors() {}

    /** A lease on a shared detector; closing it releases the model when no other lease holds it. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final Detector detector;
        private boolean closed;

        private Lease(Key key, Detector detector) {
            this.key = key;
            this.detector = detector;
        }

        public Detector detector() {
            return detector;
        }

        /**
         * The batcher of this model and device, started on first use; every slot of the job asks with the same batch
         * settings, so different ones mean a programming error.
         */
        public DeviceBatcher batcher(int maxBatch, Duration maxQueueDelay) {
            synchronized (LOADED) {
                if (closed) {
                    throw new IllegalStateException("lease already closed");
                }
                Entry entry = LOADED.get(key);
                if (entry.batcher == null) {
                    entry.batcher = new DeviceBatcher(detector, maxBatch, maxQueueDelay);
                } else if (entry.batcher.maxBatch() != maxBatch || !entry.batcher.maxQueueDelay().equals(maxQueueDelay)) {
                    throw new IllegalStateException("the batcher of " + detector.device() + " runs batches of "
                            + entry.batcher.maxBatch() + " within " + entry.batcher.maxQueueDelay() + ", not "
                            + maxBatch + " within " + maxQueueDelay);
                }
                return entry.batcher;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(key);
            }
        }
    }

    /** Leases the detector for these settings, loading it on first use in this TaskManager. */
    public static Lease acquire(DetectorSettings settings) throws IOException {
        DeviceSpec device = resolve(settings.device());
        Key key = new Key(settings, device);
        synchronized (LOADED) {
            Entry entry = LOADED.get(key);
            if (entry == null) {
                DetectorOptions options = DetectorOptions.DEFAULTS.withDevice(device)
                        .withPrecision(settings.precision()).withThresholds(settings.thresholds());
                entry = new Entry(Detector.load(Path.of(settings.modelDirectory()), options));
                LOADED.put(key, entry);
            }
            entry.leases++;
            return new Lease(key, entry.detector);
        }
    }

    /** Closes every loaded model; the job's class loader is going away. */
    public static void closeAll() {
        synchronized (LOADED) {
            LOADED.values().forEach(Entry::close);
            if (!LOADED.isEmpty()) {
                LOG.info("Released {} shared model(s) with the job's class loader", LOADED.size());
            }
            LOADED.clear();
        }
    }

    /** Models currently loaded, for tests and metrics. */
    static int loadedCount() {
        synchronized (LOADED) {
            return LOADED.size();
        }
    }

    private static void release(Key key) {
        synchronized (LOADED) {
            Entry entry = LOADED.get(key);
            if (entry != null && --entry.leases == 0) {
                LOADED.remove(key);
                entry.close();
            }
        }
    }

    private static DeviceSpec resolve(DeviceSpec device) {
        if (device.kind() != DeviceSpec.Kind.AUTO) {
            return device;
        }
        int gpus = DeviceSelector.gpuCount();
        return gpus == 0 ? DeviceSpec.CPU : DeviceSpec.gpu(Math.floorMod(NEXT_GPU.getAndIncrement(), gpus));
    }
}
