package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.trainer.data.DetectionDataset;
import io.ssdstream.trainer.data.UnreadableImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Detector} — exactly what the stream job runs, thresholds included — over every image of a dataset
 * and scores the detections. Images are decoded by worker threads one batch ahead of the detector; an unreadable
 * image is logged, skipped and counted.
 */
public final class DatasetEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetEvaluation.class);

    private DatasetEvaluation() {}

    public static EvaluationReport run(Detector detector, DetectionDataset dataset, int batchSize, int workers)
            throws InterruptedException {
        if (batchSize < 1 || workers < 1) {
            throw new IllegalArgumentException("evaluation needs a batch size and workers of at least 1");
        }
        List<EvaluationImage> evaluated = new ArrayList<>(dataset.size());
        int skipped = 0;
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ssd-eval-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Sample>> next = submit(pool, dataset, 0, batchSize);
            for (int start = 0; start < dataset.size(); start += batchSize) {
                List<Future<Sample>> current = next;
                next = submit(pool, dataset, start + batchSize, batchSize);
                List<Sample> samples = new ArrayList<>(current.size());
                for (Future<Sample> future : current) {
                    Sample sample = await(future);
                    if (sample == null) {
                        skipped++;
                    } else {
                        samples.add(sample);
                    }
                }
                if (!samples.isEmpty()) {
                    evaluated.addAll(detect(detector, samples));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return EvaluationReport.of(dataset.description(), dataset.classes().names(), evaluated, skipped);
    }

    private static List<Future<Sample>> submit(ExecutorService pool, DetectionDataset dataset, int start, int count) {
        List<Future<Sample>> futures = new ArrayList<>();
        for (int i = start; i < Math.min(dataset.size(), start + count); i++) {
            int index = i;
            futures.add(pool.submit(() -> dataset.load(index)));
        }
        return futures;
    }

    /** The loaded sample, or null (logged) when its image is unreadable. */
    private static Sample await(Future<Sample> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnreadableImageException unreadable) {
                LOG.warn("Skipping unreadable image {}", unreadable.getMessage());
                return null;
            }
            throw new IllegalStateException("loading an evaluation image failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static List<EvaluationImage> detect(Detector detector, List<Sample> samples) {
        List<io.ssdstream.ssd.preprocess.RgbFrame> images = new ArrayList<>(samples.size());
        for (Sample sample : samples) {
            images.add(new io.ssdstream.ssd.preprocess.RgbFrame(
                    sample.image().width(), sample.image().height(), sample.image().pixels()));
        }
        List<List<DetectedObject>> results = detector.detectRgb(images);
        List<EvaluationImage> evaluated = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            List<ScoredBox> boxes = results.get(i).stream()
                    .map(d -> new ScoredBox(d.classId(), d.score(), new PixelBox(d.xMin(), d.yMin(), d.xMax(), d.yMax())))
                    .toList();
            evaluated.add(new EvaluationImage(samples.get(i).objects(), boxes));
        }
        return evaluated;
    }
}
