package io.ssdstream.job.detect;

import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One device's dynamic batcher: every task slot of the TaskManager that uses the device submits its frames here, and
 * one thread runs the model on batches formed across all of them (Triton's dynamic batcher). A batch runs when it
 * holds {@code maxBatch} frames, when its oldest frame has waited {@code maxQueueDelay}, or at once after
 * {@link #expedite()}; frames older than their maximum age when their batch starts are shed instead of detected.
 *
 * <p>Frames run in the order they were submitted and each batch completes its frames in that order, so the frames
 * of one submitter (a slot, hence a camera) complete in order. A frame whose future was cancelled before its batch
 * formed is dropped: its slot has gone away.
 *
 * <p>Closing stops the thread after the forward pass in progress, if any, and cancels every frame still queued, so
 * no submitter waits for a result that will never come. The detector is not closed here: its owner does that after
 * this, and {@link Detector#close()} would wait for a pass still running anyway.
 */
public final class DeviceBatcher implements AutoCloseable {

    /** What became of a submitted frame. */
    public sealed interface Outcome permits Detected, Stale {
        /** Microseconds between submission and the start of the frame's batch. */
        long queuedMicros();
    }

    /** The frame's detections, with the batch it ran in ({@code batch} numbers this batcher's forward passes). */
    public record Detected(List<DetectedObject> objects, long batch, int batchSize, long inferenceMicros,
                           long queuedMicros) implements Outcome {}

    /** The frame was older than its maximum age when its batch started, and was not detected. */
    public record Stale(long ageMillis, long queuedMicros) implements Outcome {}

    private record Request(RgbFrame image, long captureTimeMillis, long maxAgeMillis, long submittedNanos,
                           CompletableFuture<Outcome> result) {}

    private final Detector detector;
    private final int maxBatch;
    private final long maxQueueDelayNanos;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean expedited;
    private boolean closed;
    /** Forward passes run so far; touched by the batcher's thread only. */
    private long batches;

    /** Starts the batcher's thread. */
    public DeviceBatcher(Detector detector, int maxBatch, Duration maxQueueDelay) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        }
        this.detector = detector;
        this.maxBatch = maxBatch;
        this.maxQueueDelayNanos = maxQueueDelay.toNanos();
        this.thread = new Thread(this::runBatches, "ssd-stream-batcher-" + detector.device());
        thread.setDaemon(true);
        thread.start();
    }

    public int maxBatch() {
        return maxBatch;
    }

    public Duration maxQueueDelay() {
        return Duration.ofNanos(maxQueueDelayNanos);
    }

    /**
     * Queues a frame. The future completes on the batcher's thread, exceptionally when the forward pass failed, and
     * is cancelled when the batcher closes first; cancelling it withdraws the frame unless its batch already formed.
     *
     * @param maxAgeMillis shed the frame when it is older than this at its batch's start; 0 never sheds
     */
    public CompletableFuture<Outcome> submit(RgbFrame image, long captureTimeMillis, long maxAgeMillis) {
        Request request = new Request(image, captureTimeMillis, maxAgeMillis, System.nanoTime(),
                new CompletableFuture<>());
        synchronized (queue) {
            if (closed) {
                request.result.cancel(false);
            } else {
                queue.addLast(request);
                queue.notifyAll();
            }
        }
        return request.result;
    }

    /**
     * Runs what is queued now without waiting for fuller batches: a slot about to take a checkpoint must see its
     * frames completed, and more frames may not come before it does.
     */
    public void expedite() {
        synchronized (queue) {
            if (!queue.isEmpty()) {
                expedited = true;
                queue.notifyAll();
            }
        }
    }

    /** Stops after the forward pass in progress and cancels the queued frames; waits for the thread to end. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runBatches() {
        try {
            List<Request> batch;
            while ((batch = nextBatch()) != null) {
                run(batch);
            }
        } finally {
            List<Request> left;
            synchronized (queue) {
                closed = true;
                left = new ArrayList<>(queue);
                queue.clear();
            }
            left.forEach(request -> request.result.cancel(false));
        }
    }

    /** The next batch once it is due, or null when closed; waits without holding the lock. */
    private List<Request> nextBatch() {
        synchronized (queue) {
            try {
                while (!closed && live() == 0) {
                    queue.wait();
                }
                long deadline = queue.peekFirst() == null ? 0 : queue.peekFirst().submittedNanos + maxQueueDelayNanos;
                long remaining;
                while (!closed && !expedited && live() < maxBatch && (remaining = deadline - System.nanoTime()) > 0) {
                    queue.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (closed) {
                return null;
            }
            List<Request> batch = new ArrayList<>(maxBatch);
            while (batch.size() < maxBatch && !queue.isEmpty()) {
                Request request = queue.pollFirst();
                if (!request.result.isDone()) {
                    batch.add(request);
                }
            }
            if (queue.isEmpty()) {
                expedited = false;
            }
            return batch;
        }
    }

    /** Queued frames not withdrawn, dropping withdrawn ones from the head so the deadline is a live frame's. */
    private int live() {
        while (!queue.isEmpty() && queue.peekFirst().result.isDone()) {
            queue.pollFirst();
        }
        int live = 0;
        for (Request request : queue) {
            if (!request.result.isDone()) {
                live++;
            }
        }
        return live;
    }

    private void run(List<Request> requests) {
        long startNanos = System.nanoTime();
        long now = System.currentTimeMillis();
        List<Request> batch = new ArrayList<>(requests.size());
        for (Request request : requests) {
            long age = now - request.captureTimeMillis;
            long queuedMicros = (startNanos - request.submittedNanos) / 1_000;
            if (request.maxAgeMillis > 0 && age > request.maxAgeMillis) {
                request.result.complete(new Stale(age, queuedMicros));
            } else {
                batch.add(request);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        List<RgbFrame> images = new ArrayList<>(batch.size());
        batch.forEach(request -> images.add(request.image));
        List<List<DetectedObject>> results;
        long begin = System.nanoTime();
        try {
            results = detector.detectRgb(images);
        } catch (RuntimeException | Error e) {
            batch.forEach(request -> request.result.completeExceptionally(e));
            if (e instanceof Error) {
                throw e;
            }
            return;
        }
        long inferenceMicros = (System.nanoTime() - begin) / 1_000;
        long number = ++batches;
        for (int i = 0; i < batch.size(); i++) {
            Request request = batch.get(i);
            request.result.complete(new Detected(results.get(i), number, batch.size(), inferenceMicros,
                    (startNanos - request.submittedNanos) / 1_000));
        }
    }
}
