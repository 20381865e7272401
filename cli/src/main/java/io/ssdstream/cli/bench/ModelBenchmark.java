package io.ssdstream.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.anchors.DefaultBoxes;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.detector.BFloat16Network;
import io.ssdstream.machine.Processor;
import io.ssdstream.ssd.detector.CpuFeatures;
import io.ssdstream.ssd.io.CocoLabels;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.postprocess.FrameSize;
import io.ssdstream.ssd.postprocess.SsdPostprocessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The model benchmark. Every ratio it reports compares two measurements taken in the same run on the same
 * machine: the forward pass against this machine's fp32 matmul throughput, bf16 against fp32 (on a CPU with
 * bfloat16 instructions), ours against torchvision's eager forward (when asked), and the batched postprocess
 * against the per-image, per-class loop on identical network outputs.
 */
final class ModelBenchmark {

    /** SSD300's forward cost in floating-point operations (a multiply-add counts two), DESIGN.md. */
    static final double SSD300_GFLOP_PER_IMAGE = 69.7;

    private static final int MATMUL_SIDE = 3072;
    private static final int POSTPROCESS_BATCH = 8;

    private final double width;
    private final double seconds;

    ModelBenchmark(double width, double seconds) {
        this.width = width;
        this.seconds = seconds;
    }

    Map<String, Object> run(List<Integer> batchSizes, Optional<TorchvisionComparison> torchvision)
            throws IOException, InterruptedException {
        CpuFeatures cpu = CpuFeatures.current();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine(cpu));
        try (NDManager manager = NDManager.newBaseManager()) {
            double peak = matmulPeak(manager);
            report.put("matmulPeakGflops", round(peak));
            SsdArchitecture architecture = SsdArchitecture.ssd300(CocoLabels.SIZE).withWidth(width);
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            for (Parameter p : network.stateDict().values()) {
                p.getArray().setRequiresGradient(false);
            }
            report.put("model", Map.of("architecture", architecture.name(), "widthMultiplier", width,
                    "numClasses", architecture.numClasses(), "parameters", network.parameterCount()));
            List<Map<String, Object>> forward = new ArrayList<>();
            // bf16 on a CPU without the instructions is emulated and slow: not a figure anyone would deploy
            try (BFloat16Network bf16 = cpu.hasBfloat16() ? new BFloat16Network(network, manager) : null) {
                for (int batch : batchSizes) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("batchSize", batch);
                    Map<String, Object> single = forward(manager, network.inputShape(batch), peak,
                            (scope, input) -> network.forward(new ParameterStore(scope, false), new NDList(input), false));
                    row.put("fp32", single);
                    if (bf16 != null) {
                        Map<String, Object> reduced = forward(manager, network.inputShape(batch), peak, bf16::forward);
                        row.put("bf16", reduced);
                        row.put("bf16OverFp32", round((double) reduced.get("imagesPerSecond")
                                / (double) single.get("imagesPerSecond")));
                    }
                    forward.add(row);
                }
            }
            report.put("forward", forward);
            if (torchvision.isPresent()) {
                report.put("torchvision", compare(torchvision.get(), batchSizes, forward, cpu.hasBfloat16()));
            }
            report.put("postprocess", postprocess(manager, architecture));
        }
        return report;
    }

    /** One precision's forward pass over a random float32 batch. */
    private interface Forward {
        NDList run(NDManager scope, NDArray input);
    }

    private Map<String, Object> forward(NDManager manager, Shape inputShape, double peak, Forward pass) {
        long batch = inputShape.get(0);
        double msPerBatch = medianMillis(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = scope.randomUniform(-120, 150, inputShape);
                NDList out = pass.run(scope, input);
                return out.get(0).toType(DataType.FLOAT32, false).getFloat(0, 0, 0);
            }
        });
        double imagesPerSecond = batch * 1000.0 / msPerBatch;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("msPerBatch", round(msPerBatch));
        row.put("imagesPerSecond", round(imagesPerSecond));
        if (width == 1.0) {
            double gflops = imagesPerSecond * SSD300_GFLOP_PER_IMAGE;
            row.put("achievedGflops", round(gflops));
            row.put("fractionOfMatmulPeak", round(gflops / peak));
        }
        return row;
    }

    private Map<String, Object> postprocess(NDManager manager, SsdArchitecture architecture) {
        DetectionThresholds thresholds = DetectionThresholds.DEFAULTS;
        int size = architecture.imageSize();
        SsdPostprocessor batched = new SsdPostprocessor(size, thresholds, CocoLabels.names(), BoxCoder.SSD);
        PerClassLoopPostprocessor loop = new PerClassLoopPostprocessor(size, thresholds, BoxCoder.SSD);
        float[] anchors = new DefaultBoxes(architecture).cornerFormPixels();
        List<FrameSize> frames = Collections.nCopies(POSTPROCESS_BATCH, new FrameSize(size, size));
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (String scenario : List.of("typical", "dense")) {
            HostOutputs outputs = syntheticOutputs(manager, architecture, anchors, scenario.equals("dense"));
            double batchedMs = medianMillis(() -> outputs.timed(manager, (l, d, a) -> batched.process(l, d, a, frames)));
            double loopMs = medianMillis(() -> outputs.timed(manager, loop::process));
            List<List<DetectedObject>> fast = outputs.call(manager, (l, d, a) -> batched.process(l, d, a, frames));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("batchSize", POSTPROCESS_BATCH);
            row.put("meanDetectionsPerImage", fast.stream().mapToInt(List::size).average().orElse(0));
            row.put("batchedMsPerBatch", round(batchedMs));
            row.put("perClassLoopMsPerBatch", round(loopMs));
            row.put("speedup", round(loopMs / batchedMs));
            row.put("identicalDetections", agree(fast, outputs.call(manager, loop::process)));
            scenarios.put(scenario, row);
        }
        return scenarios;
    }

    /** A postprocessing path under test. */
    private interface Postprocess<T> {
        T run(NDArray classLogits, NDArray boxRegression, NDArray anchors);
    }

    /**
     * Network outputs kept on the host and uploaded into a fresh scope for every run (outside the timing), so
     * that each run's intermediates are freed with its scope, as in the detector.
     */
    private record HostOutputs(float[] logits, Shape logitsShape, float[] deltas, Shape deltasShape, float[] anchors) {

        <T> T call(NDManager manager, Postprocess<T> path) {
            try (NDManager scope = manager.newSubManager()) {
                return path.run(scope.create(logits, logitsShape), scope.create(deltas, deltasShape),
                        scope.create(anchors, new Shape(anchors.length / 4, 4)));
            }
        }

        <T> Timed timed(NDManager manager, Postprocess<T> path) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray l = scope.create(logits, logitsShape);
                NDArray d = scope.create(deltas, deltasShape);
                NDArray a = scope.create(anchors, new Shape(anchors.length / 4, 4));
                long start = System.nanoTime();
                T result = path.run(l, d, a);
                return new Timed(System.nanoTime() - start, result);
            }
        }
    }

    /**
     * Network outputs shaped like a trained detector's ("typical": background dominates, a few hundred default
     * boxes per image carry a confident class) or an untrained one's ("dense": near-uniform class scores, so every
     * class keeps its full top-k).
     */
    private static HostOutputs syntheticOutputs(NDManager manager, SsdArchitecture architecture, float[] anchors,
                                                boolean dense) {
        try (NDManager scope = manager.newSubManager()) {
            Shape logitsShape = new Shape(POSTPROCESS_BATCH, architecture.anchorCount(), architecture.numClasses());
            NDArray logits = scope.randomNormal(0, 1, logitsShape, DataType.FLOAT32);
            if (!dense) {
                NDArray background = scope.zeros(logitsShape);
                background.set(new NDIndex(":, :, 0"), 9f);
                NDArray objects = scope.randomUniform(0, 1, logitsShape).lt(0.0005).toType(DataType.FLOAT32, false).mul(14);
                logits = logits.add(background).add(objects);
            }
            Shape deltasShape = new Shape(POSTPROCESS_BATCH, architecture.anchorCount(), 4);
            NDArray deltas = scope.randomNormal(0, 0.5f, deltasShape, DataType.FLOAT32);
            return new HostOutputs(logits.toFloatArray(), logitsShape, deltas.toFloatArray(), deltasShape, anchors);
        }
    }

    private static boolean agree(List<List<DetectedObject>> batched, List<List<float[]>> loop) {
        for (int i = 0; i < batched.size(); i++) {
            List<DetectedObject> a = batched.get(i);
            List<float[]> b = loop.get(i);
            if (a.size() != b.size()) {
                return false;
            }
            for (int j = 0; j < a.size(); j++) {
                DetectedObject d = a.get(j);
                float[] row = b.get(j);
                float[] expected = {d.classId(), d.score(), d.xMin(), d.yMin(), d.xMax(), d.yMax()};
                for (int k = 0; k < row.length; k++) {
                    if (Math.abs(expected[k] - row[k]) > 1e-3f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The machine's fp32 matmul throughput: the fastest of repeated square matmuls through the same engine. */
    private double matmulPeak(NDManager manager) {
        double gflop = 2.0 * Math.pow(MATMUL_SIDE, 3) / 1e9;
        double ms = fastestMillis(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray a = scope.randomUniform(-1, 1, new Shape(MATMUL_SIDE, MATMUL_SIDE));
                NDArray b = scope.randomUniform(-1, 1, new Shape(MATMUL_SIDE, MATMUL_SIDE));
                long start = System.nanoTime();
                float v = a.matMul(b).getFloat(0, 0);
                return new Timed(System.nanoTime() - start, v);
            }
        });
        return gflop / (ms / 1000.0);
    }

    /** A measurement that timed itself (to leave set-up out), with a value to keep the work alive. */
    private record Timed(long nanos, Object value) {}

    private double medianMillis(Supplier<?> task) {
        List<Double> runs = runs(task);
        return runs.get(runs.size() / 2);
    }

    private double fastestMillis(Supplier<?> task) {
        return runs(task).get(0);
    }

    /** Runs the task for the configured time after two warm-ups (at least five runs); sorted times in ms. */
    private List<Double> runs(Supplier<?> task) {
        task.get();
        task.get();
        List<Double> runs = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (runs.size() < 5 || System.nanoTime() < deadline) {
            long start = System.nanoTime();
            Object result = task.get();
            long nanos = result instanceof Timed timed ? timed.nanos() : System.nanoTime() - start;
            runs.add(nanos / 1e6);
        }
        Collections.sort(runs);
        return runs;
    }

    /**
     * torchvision's eager forward on this machine, now, and our images/s over its: fp32 over its fp32, bf16 over its
     * fp32 (what a user switching from torchvision gains) and bf16 over its bf16.
     */
    private Map<String, Object> compare(TorchvisionComparison torchvision, List<Integer> batchSizes,
                                        List<Map<String, Object>> ours, boolean bf16)
            throws IOException, InterruptedException {
        Map<String, Object> theirs = torchvision.run(batchSizes, seconds, JniUtils.getNumThreads(), bf16);
        List<Map<String, Object>> ratios = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) theirs.get("forward");
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("batchSize", batchSizes.get(i));
            double theirFp32 = imagesPerSecond(rows.get(i), "fp32");
            ratio.put("oursFp32OverTorchvisionFp32", round(imagesPerSecond(ours.get(i), "fp32") / theirFp32));
            if (bf16) {
                ratio.put("oursBf16OverTorchvisionFp32", round(imagesPerSecond(ours.get(i), "bf16") / theirFp32));
                ratio.put("oursBf16OverTorchvisionBf16",
                        round(imagesPerSecond(ours.get(i), "bf16") / imagesPerSecond(rows.get(i), "bf16")));
            }
            ratios.add(ratio);
        }
        theirs.put("ratios", ratios);
        return theirs;
    }

    @SuppressWarnings("unchecked")
    private static double imagesPerSecond(Map<String, Object> row, String precision) {
        return ((Number) ((Map<String, Object>) row.get(precision)).get("imagesPerSecond")).doubleValue();
    }

    private static Map<String, Object> machine(CpuFeatures cpu) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", Processor.here().model());
        machine.put("features", cpu.inferenceRelevant());
        machine.put("bfloat16", cpu.hasBfloat16());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("engine", "PyTorch " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion() + " (DJL)");
        return machine;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
