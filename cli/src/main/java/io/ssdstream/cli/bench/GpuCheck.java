package io.ssdstream.cli.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.cuda.CudaUtils;
import io.ssdstream.machine.Processor;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSelector;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product verified on a machine's accelerator in minutes: which device is used, the model in fp32 and fp16 on it
 * with the frames per second of each batch size, the device memory one model instance takes, and its detections on
 * rendered frames against the CPU's fp32 detections of the same frames within each precision's {@link Tolerance}.
 *
 * <p>Run with the CPU as the device it checks the same steps there (fp16 on a CPU is slow but runs), which is how it
 * is tested on machines without a GPU.
 */
final class GpuCheck {

    /** What a precision's detections may differ from the CPU's fp32 ones. */
    record Tolerance(double minMatchedFraction, double maxScoreDelta) {}

    /**
     * fp32 on a GPU differs from the CPU in summation order and, on Ampere and later, TF32 convolutions (cuDNN's
     * default); fp16 keeps 10 mantissa bits, more than bf16's 7, whose measured score differences stay under 0.01.
     */
    static final Map<Precision, Tolerance> TOLERANCES = Map.of(
            Precision.FP32, new Tolerance(0.99, 0.01),
            Precision.FP16, new Tolerance(0.98, 0.02));

    private static final int FRAME_WIDTH = 640;
    private static final int FRAME_HEIGHT = 480;
    private static final long MIB = 1024 * 1024;

    private final Path model;
    private final DeviceSpec deviceSpec;
    private final List<Integer> batchSizes;
    private final double seconds;
    private final int frameCount;
    private final List<String> problems = new ArrayList<>();

    GpuCheck(Path model, DeviceSpec device, List<Integer> batchSizes, double seconds, int frames) {
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1) || !(seconds > 0) || frames < 1) {
            throw new IllegalArgumentException("--batch-sizes must be positive, --seconds positive and --frames at"
                    + " least 1; got " + batchSizes + ", " + seconds + ", " + frames);
        }
        this.model = model;
        this.deviceSpec = device;
        this.batchSizes = List.copyOf(batchSizes);
        this.seconds = seconds;
        this.frameCount = frames;
    }

    /**
     * The report; {@link #problems()} lists what fell outside a tolerance.
     *
     * @throws IllegalStateException if the device to check is a GPU and PyTorch sees none
     */
    Map<String, Object> run() throws IOException {
        int gpus = DeviceSelector.gpuCount();
        if (deviceSpec.kind() != DeviceSpec.Kind.CPU && gpus == 0) {
            throw new IllegalStateException("PyTorch sees no GPU on this machine: are the CUDA natives in use (build with"
                    + " -Pgpu, docs/deployment.md) and does nvidia-smi list a GPU? (--device cpu checks the CPU)");
        }
        Device device = DeviceSelector.select(deviceSpec);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine(gpus, device));
        List<RgbFrame> frames = frames();
        List<List<DetectedObject>> reference;
        try (Detector cpu = Detector.load(model, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            reference = detectEach(cpu, frames);
        }
        report.put("frames", Map.of("count", frameCount, "size", FRAME_WIDTH + "x" + FRAME_HEIGHT,
                "confidentCpuDetections", reference.stream().mapToLong(f -> f.stream()
                        .filter(d -> d.score() >= DetectionAgreement.CONFIDENT).count()).sum()));
        warmUp(device);
        Map<String, Object> precisions = new LinkedHashMap<>();
        for (Precision precision : List.of(Precision.FP32, Precision.FP16)) {
            precisions.put(precision.name(), check(device, precision, frames, reference));
        }
        report.put("precisions", precisions);
        report.put("problems", problems);
        return report;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private Map<String, Object> check(Device device, Precision precision, List<RgbFrame> frames,
            List<List<DetectedObject>> reference) throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        long before = usedDeviceMemory(device);
        DetectorOptions options = DetectorOptions.DEFAULTS.withDevice(deviceSpec).withPrecision(precision);
        try (Detector detector = Detector.load(model, options)) {
            long loaded = usedDeviceMemory(device);
            DetectionAgreement agreement = DetectionAgreement.of(reference, detectEach(detector, frames));
            Tolerance tolerance = TOLERANCES.get(precision);
            Map<String, Object> vsCpu = new LinkedHashMap<>();
            vsCpu.put("confident", agreement.confident());
            vsCpu.put("matched", agreement.matched());
            vsCpu.put("matchedFraction", round(agreement.matchedFraction()));
            vsCpu.put("maxScoreDelta", round(agreement.maxScoreDelta()));
            vsCpu.put("tolerance", tolerance);
            boolean within = agreement.matchedFraction() >= tolerance.minMatchedFraction()
                    && agreement.maxScoreDelta() <= tolerance.maxScoreDelta();
            vsCpu.put("within", within);
            if (!within) {
                problems.add(precision + " on " + device + ": " + agreement.matched() + " of " + agreement.confident()
                        + " confident detections match the CPU's (at least " + tolerance.minMatchedFraction()
                        + " needed), largest score difference " + round(agreement.maxScoreDelta()) + " (at most "
                        + tolerance.maxScoreDelta() + ")");
            }
            result.put("detectionsVsCpuFp32", vsCpu);
            Map<String, Object> throughput = new LinkedHashMap<>();
            for (int batchSize : batchSizes) {
                throughput.put(String.valueOf(batchSize), round(framesPerSecond(detector, frames, batchSize)));
            }
            result.put("framesPerSecondByBatchSize", throughput);
            if (device.isGpu()) {
                result.put("deviceMemoryMiB", Map.of("modelLoaded", (loaded - before) / MIB,
                        "afterLargestBatch", (usedDeviceMemory(device) - before) / MIB));
            }
        }
        return result;
    }

    /** Whole frames through the detector (preprocess, forward, postprocess) for {@link #seconds}, after one batch. */
    private double framesPerSecond(Detector detector, List<RgbFrame> frames, int batchSize) {
        List<RgbFrame> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            batch.add(frames.get(i % frames.size()));
        }
        detector.detectRgb(batch);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long done = 0;
        do {
            detector.detectRgb(batch);
            done += batchSize;
        } while (System.nanoTime() < deadline);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private static List<List<DetectedObject>> detectEach(Detector detector, List<RgbFrame> frames) {
        List<List<DetectedObject>> detections = new ArrayList<>(frames.size());
        for (RgbFrame frame : frames) {
            detections.add(detector.detectRgb(List.of(frame)).get(0));
        }
        return detections;
    }

    /** Rendered street-like frames with several objects each, the same on every run. */
    private List<RgbFrame> frames() {
        MovingScene scene = new MovingScene("gpu-check", FRAME_WIDTH, FRAME_HEIGHT, 3, SceneStyle.SIMPLE, 7);
        List<RgbFrame> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            RgbImage image = scene.frame(i * 0.5).image();
            frames.add(new RgbFrame(image.width(), image.height(), image.pixels()));
        }
        return frames;
    }

    /** Creates the CUDA context before anything is measured, so a model's memory does not include it. */
    private static void warmUp(Device device) {
        if (device.isGpu()) {
            try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
                manager.ones(new Shape(1)).toFloatArray();
            }
        }
    }

    private static long usedDeviceMemory(Device device) {
        return device.isGpu() ? CudaUtils.getGpuMemory(device).getUsed() : 0;
    }

    private static Map<String, Object> machine(int gpus, Device device) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processor", Processor.here());
        machine.put("gpusSeenByPyTorch", gpus);
        machine.put("deviceChecked", device.toString());
        if (device.isGpu()) {
            machine.put("cuda", CudaUtils.getCudaVersionString());
            machine.put("computeCapability", CudaUtils.getComputeCapability(device.getDeviceId()));
            machine.put("deviceMemoryMiB", CudaUtils.getGpuMemory(device).getMax() / MIB);
        }
        machine.put("java", System.getProperty("java.version"));
        return machine;
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
