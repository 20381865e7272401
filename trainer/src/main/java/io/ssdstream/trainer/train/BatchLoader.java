package io.ssdstream.trainer.train;

import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.Seeds;
import io.ssdstream.ssd.loss.DetectionTarget;
import io.ssdstream.trainer.augment.Augmentation;
import io.ssdstream.trainer.data.DetectionDataset;
import io.ssdstream.trainer.data.UnreadableImageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parallel data loading: worker threads decode, augment and encode the images of the next steps while the current
 * one trains. Batch {@code s} is a pure function of the seed and {@code s} — epoch {@code e} visits the images in
 * a permutation drawn from {@code (seed, e)}, and each image's augmentation draws from {@code (seed, e, index)} —
 * so the result is independent of the number of workers and of interruptions. Like a PyTorch {@code DataLoader}
 * with {@code drop_last=True}, an epoch is {@code floor(images / batch)} steps.
 *
 * <p>An unreadable image is logged once, then skipped and counted every time it comes up; its batch is smaller.
 */
final class BatchLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
    private static final long ORDER_STREAM = 1;
    private static final long AUGMENT_STREAM = 2;
    private static final int STEPS_AHEAD = 2;

    private final DetectionDataset dataset;
    private final Augmentation augmentation;
    private final InputEncoder encoder;
    private final long seed;
    private final int batchSize;
    private final ExecutorService workers;
    private final Map<Long, List<Future<TrainingInput>>> pending = new HashMap<>();
    private final Map<Long, int[]> orders = new HashMap<>();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private final AtomicInteger skipped = new AtomicInteger();

    BatchLoader(DetectionDataset dataset, Augmentation augmentation, InputEncoder encoder, long seed, int batchSize,
            int workerThreads) {
        if (dataset.size() < batchSize) {
            throw new IllegalArgumentException("the training set has " + dataset.size() + " images, fewer than one batch of "
                    + batchSize);
        }
        this.dataset = dataset;
        this.augmentation = augmentation;
        this.encoder = encoder;
        this.seed = seed;
        this.batchSize = batchSize;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread t = new Thread(r, "ssd-loader-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int stepsPerEpoch() {
        return dataset.size() / batchSize;
    }

    /** The batch of global step {@code step}; steps are expected in increasing order. */
    Batch batch(long step) throws InterruptedException {
        for (long ahead = step; ahead <= step + STEPS_AHEAD; ahead++) {
            pending.computeIfAbsent(ahead, this::submit);
        }
        pending.keySet().removeIf(s -> s < step);
        List<Future<TrainingInput>> futures = pending.remove(step);
        List<TrainingInput> inputs = new ArrayList<>(futures.size());
        int missing = 0;
        for (Future<TrainingInput> future : futures) {
            TrainingInput input = await(future);
            if (input == null) {
                missing++;
            } else {
                inputs.add(input);
            }
        }
        skipped.addAndGet(missing);
        return assemble(inputs, missing);
    }

    /** Images skipped in the batches handed out so far (each time an unreadable image came up). */
    int skippedImages() {
        return skipped.get();
    }

    private List<Future<TrainingInput>> submit(long step) {
        long epoch = step / stepsPerEpoch();
        int position = (int) (step % stepsPerEpoch());
        int[] order = orders.computeIfAbsent(epoch, this::permutation);
        orders.keySet().removeIf(e -> e < epoch);
        List<Future<TrainingInput>> futures = new ArrayList<>(batchSize);
        for (int k = 0; k < batchSize; k++) {
            int index = order[position * batchSize + k];
            futures.add(workers.submit(() -> prepare(epoch, index)));
        }
        return futures;
    }

    private TrainingInput prepare(long epoch, int index) {
        Sample sample;
        try {
            sample = dataset.load(index);
        } catch (UnreadableImageException e) {
            if (unreadable.add(e.getMessage())) {
                LOG.warn("Skipping unreadable image {}", e.getMessage());
            }
            return null;
        }
        return encoder.encode(augmentation.apply(sample, Seeds.stream(seed, AUGMENT_STREAM, epoch, index)));
    }

    /** Fisher-Yates over the image indices, from the epoch's own stream. */
    private int[] permutation(long epoch) {
        int[] order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        var random = Seeds.stream(seed, ORDER_STREAM, epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static TrainingInput await(Future<TrainingInput> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a training image failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static Batch assemble(List<TrainingInput> inputs, int missing) {
        if (inputs.isEmpty()) {
            return new Batch(new float[0], List.of(), missing);
        }
        int imageFloats = inputs.get(0).pixels().length;
        float[] pixels = new float[inputs.size() * imageFloats];
        List<DetectionTarget> targets = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            System.arraycopy(inputs.get(i).pixels(), 0, pixels, i * imageFloats, imageFloats);
            targets.add(inputs.get(i).target());
        }
        return new Batch(pixels, targets, missing);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
