package io.ssdstream.ssd.detector;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.anchors.DefaultBoxes;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.postprocess.FrameSize;
import io.ssdstream.ssd.postprocess.SsdPostprocessor;
import io.ssdstream.ssd.preprocess.ImagePreprocessor;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SSD model loaded on one device, ready to detect objects in batches of decoded images of any sizes.
 *
 * <p><b>Thread safety:</b> a Detector is safe for concurrent use. The weights are shared read-only; each
 * {@link #detect} call works in its own native-memory scope that it frees before returning, so concurrent calls
 * share nothing mutable. One Detector per device per process is the intended deployment; close it to free the
 * weights. {@link #close} waits for the calls in progress and later calls fail with an {@link IllegalStateException}:
 * a task thread still in a forward pass when a TaskManager releases the job's models (a cancelled task does not
 * leave native code early) would otherwise read freed native memory and bring the whole process down.
 */
public final class Detector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final ModelMetadata metadata;
    private final Model model;
    private final SsdNetwork network;
    private final Precision precision;
    /** the bfloat16 copy of {@link #network} when {@link #precision} is BF16, else null */
    private final BFloat16Network bfloat16;
    private final float[] anchors;
    private final ImagePreprocessor preprocessor;
    private final SsdPostprocessor postprocessor;
    /** Calls hold the read side while they use native memory; closing takes the write side. */
    private final ReadWriteLock use = new ReentrantReadWriteLock();
    private boolean closed;

    private Detector(ModelMetadata metadata, StateDict weights, DetectorOptions options) throws IOException {
        Device device = DeviceSelector.select(options.device());
        if (options.precision() == Precision.FP16 && !device.isGpu()) {
            LOG.warn("fp16 inference on {} is slower than fp32 there; it is meant for GPUs", device);
        }
        this.metadata = metadata;
        this.precision = options.precision().on(device, CpuFeatures.current());
        if (options.precision() == Precision.BF16 && precision != Precision.BF16) {
            LOG.warn("bf16 requested, but this CPU has none of {}: running fp32", CpuFeatures.BFLOAT16_INSTRUCTIONS);
        }
        this.network = new SsdNetwork(metadata.architecture());
        this.model = Model.newInstance(metadata.name(), device, "PyTorch");
        try {
            model.setBlock(network);
            DataType dataType = precision == Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT32;
            network.initialize(model.getNDManager(), dataType, network.inputShape(1));
            WeightBinding.bind(weights, network);
            // inference only: without this every forward on a thread with grad mode on records an autograd graph
            for (Parameter parameter : network.stateDict().values()) {
                parameter.getArray().setRequiresGradient(false);
            }
            bfloat16 = precision == Precision.BF16 ? new BFloat16Network(network, model.getNDManager()) : null;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        anchors = new DefaultBoxes(metadata.architecture()).cornerFormPixels();
        preprocessor = new ImagePreprocessor(metadata.architecture().imageSize(), metadata.normalization());
        postprocessor = new SsdPostprocessor(metadata.architecture().imageSize(),
                options.thresholds().applyTo(metadata.thresholds()), metadata.classes(), BoxCoder.SSD);
        LOG.info("Loaded model {} {} ({}, {} classes, width {}) on {} in {}", metadata.name(), metadata.version(),
                metadata.architecture().name(), metadata.architecture().numClasses(),
                metadata.architecture().widthMultiplier(), device, precision);
    }

    /** Loads the artifact in {@code directory}. */
    public static Detector load(Path directory, DetectorOptions options) throws IOException {
        ModelArtifact artifact = ModelArtifact.open(directory);
        return new Detector(artifact.metadata(), artifact.weights(), options);
    }

    /** A detector over in-memory weights, e.g. a model the trainer has just trained. */
    public static Detector of(ModelMetadata metadata, StateDict weights, DetectorOptions options) throws IOException {
        return new Detector(metadata, weights, options);
    }

    /**
     * Detects objects in each image.
     *
     * @param images decoded images of any sizes (at least one)
     * @return per image, in input order, its detections by descending score, boxes in the image's own pixels
     */
    public List<List<DetectedObject>> detect(List<Image> images) {
        List<FrameSize> sizes = new ArrayList<>(images.size());
        for (Image image : images) {
            sizes.add(new FrameSize(image.getWidth(), image.getHeight()));
        }
        return run(sizes, scope -> preprocessor.toBatch(scope, images));
    }

    /** {@link #detect} for frames already decoded to packed RGB, as a video pipeline has them. */
    public List<List<DetectedObject>> detectRgb(List<RgbFrame> images) {
        List<FrameSize> sizes = new ArrayList<>(images.size());
        for (RgbFrame image : images) {
            sizes.add(new FrameSize(image.width(), image.height()));
        }
        return run(sizes, scope -> preprocessor.toBatchFromRgb(scope, images));
    }

    private List<List<DetectedObject>> run(List<FrameSize> sizes, Function<NDManager, NDArray> batchOf) {
        use.readLock().lock();
        try (NDManager scope = openScope()) {
            NDArray batch = batchOf.apply(scope);
            NDList outputs = switch (precision) {
                case BF16 -> bfloat16.forward(scope, batch);
                case FP16 -> network.forward(new ParameterStore(scope, false),
                        new NDList(batch.toType(DataType.FLOAT16, false)), false);
                default -> network.forward(new ParameterStore(scope, false), new NDList(batch), false);
            };
            // the default boxes are uploaded into this call's scope: arrays derived from a shared array would join
            // its manager and outlive the call
            NDArray callAnchors = scope.create(anchors, new Shape(anchors.length / 4, 4));
            return postprocessor.process(outputs.get(SsdNetwork.CLASS_LOGITS), outputs.get(SsdNetwork.BOX_REGRESSION),
                    callAnchors, sizes);
        } finally {
            use.readLock().unlock();
        }
    }

    /** This call's native-memory scope; the caller holds the read lock. */
    private NDManager openScope() {
        if (closed) {
            throw new IllegalStateException("model " + metadata.name() + " " + metadata.version()
                    + " was closed; it detects nothing more");
        }
        return model.getNDManager().newSubManager();
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** The precision it runs in: never AUTO, and FP32 where BF16 was asked of a CPU without bfloat16. */
    public Precision precision() {
        return precision;
    }

    /** Frees the weights once the calls in progress have returned. */
    @Override
    public void close() {
        use.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (bfloat16 != null) {
                    bfloat16.close();
                }
                model.close();
            }
        } finally {
            use.writeLock().unlock();
        }
    }
}
