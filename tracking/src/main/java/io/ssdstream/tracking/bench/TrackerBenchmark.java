package io.ssdstream.tracking.bench;

import io.ssdstream.machine.Processor;
import io.ssdstream.tracking.CameraTracker;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.tracking.TrackerState;
import io.ssdstream.tracking.TrackerStateFormat;
import io.ssdstream.tracking.baseline.GreedyIouTracker;
import io.ssdstream.tracking.metrics.ClearMot;
import io.ssdstream.tracking.metrics.FrameTruth;
import io.ssdstream.tracking.metrics.IdentityMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Locale;

/**
 * Micro benchmark: per-frame cost of the tracker and of the greedy IoU baseline on one synthetic scene with 50 objects
 * per frame, both trackers' MOTA / IDF1 / id switches on it, and the size and cost of the tracker's state at the end
 * in its keyed-state format and as Java serialization. Prints one JSON object.
 *
 * <p>Run: {@code java -cp tracking/target/classes:$(commons-math3 jar) io.ssdstream.tracking.bench.TrackerBenchmark
 * [objects] [frames] [rounds]}; docs/tracking.md has the exact command.
 */
public final class TrackerBenchmark {

    private TrackerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int frameCount = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (objects < 1 || frameCount < 1 || rounds < 1) {
            throw new IllegalArgumentException("objects (" + objects + "), frames (" + frameCount + ") and rounds ("
                    + rounds + ") must all be at least 1");
        }
        TrackerConfig config = TrackerConfig.defaults();
        SyntheticTracks scene = SyntheticTracks.generate(42, objects, frameCount);

        double ours = Double.MAX_VALUE;
        double baseline = Double.MAX_VALUE;
        // first rounds warm the JIT; the best round is the steady cost, least disturbed by other processes
        for (int r = 0; r < rounds + 2; r++) {
            CameraTracker tracker = new CameraTracker(config, TrackerState.EMPTY);
            long start = System.nanoTime();
            for (SyntheticTracks.Frame f : scene.frames()) {
                tracker.update(f.captureTime(), f.detections());
            }
            double perFrame = (System.nanoTime() - start) / 1000.0 / frameCount;
            GreedyIouTracker greedy = new GreedyIouTracker(config);
            start = System.nanoTime();
            for (SyntheticTracks.Frame f : scene.frames()) {
                greedy.update(f.captureTime(), f.detections());
            }
            double greedyPerFrame = (System.nanoTime() - start) / 1000.0 / frameCount;
            if (r >= 2) {
                ours = Math.min(ours, perFrame);
                baseline = Math.min(baseline, greedyPerFrame);
            }
        }
        CameraTracker tracker = new CameraTracker(config, TrackerState.EMPTY);
        List<FrameTruth> oursTruth = scene.evaluate((t, d) -> tracker.update(t, d).trackIds());
        GreedyIouTracker greedy = new GreedyIouTracker(config);
        List<FrameTruth> greedyTruth = scene.evaluate(greedy::update);

        System.out.println(String.format(Locale.ROOT,
                "{\"processor\":%s,\"java\":\"%s\",\"objectsPerFrame\":%d,\"frames\":%d,"
                        + "\"rounds\":%d,\"tracker\":%s,\"greedyIouBaseline\":%s,\"state\":%s}",
                Processor.here().json(), System.getProperty("java.version"), objects,
                frameCount, rounds, quality(ours, oursTruth), quality(baseline, greedyTruth),
                state(tracker.state(), rounds)));
    }

    /**
     * The camera's state at the end of the scene as the job's keyed state holds it ({@link TrackerStateFormat}) and
     * as Java serialization, the job's format before, would: bytes, and the best microseconds to write and read it.
     */
    private static String state(TrackerState state, int rounds) throws IOException {
        double[] format = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] java = {Double.MAX_VALUE, Double.MAX_VALUE};
        byte[] formatBytes = null;
        byte[] javaBytes = null;
        // a round is 100 writes and reads; the first two warm the JIT, as above
        for (int r = 0; r < rounds + 2; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    TrackerStateFormat.write(state, out);
                }
                formatBytes = bytes.toByteArray();
            }
            long written = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                TrackerStateFormat.read(new DataInputStream(new ByteArrayInputStream(formatBytes)));
            }
            long read = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(state);
                }
                javaBytes = bytes.toByteArray();
            }
            long javaWritten = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaBytes))) {
                    in.readObject();
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            long javaRead = System.nanoTime();
            if (r >= 2) {
                format[0] = Math.min(format[0], (written - start) / 1000.0 / 100);
                format[1] = Math.min(format[1], (read - written) / 1000.0 / 100);
                java[0] = Math.min(java[0], (javaWritten - read) / 1000.0 / 100);
                java[1] = Math.min(java[1], (javaRead - javaWritten) / 1000.0 / 100);
            }
        }
        return String.format(Locale.ROOT,
                "{\"tracks\":%d,\"confirmedTracks\":%d,\"formatVersion\":%d,\"bytes\":%d,\"writeMicros\":%.1f,"
                        + "\"readMicros\":%.1f,\"javaSerializedBytes\":%d,\"javaWriteMicros\":%.1f,"
                        + "\"javaReadMicros\":%.1f}",
                state.tracks().size(), state.confirmedTracks(), TrackerStateFormat.VERSION, formatBytes.length,
                format[0], format[1], javaBytes.length, java[0], java[1]);
    }

    private static String quality(double microsPerFrame, List<FrameTruth> frames) {
        ClearMot.Result mot = ClearMot.evaluate(frames, 0.5);
        IdentityMetrics.Result id = IdentityMetrics.evaluate(frames, 0.5);
        return String.format(Locale.ROOT,
                "{\"microsPerFrame\":%.1f,\"mota\":%.4f,\"idf1\":%.4f,\"idSwitches\":%d,"
                        + "\"idSwitchesPer1000\":%.2f,\"objectFrames\":%d}",
                microsPerFrame, mot.mota(), id.idf1(), mot.idSwitches(), mot.idSwitchesPerThousand(), mot.objects());
    }
}
