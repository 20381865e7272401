package io.ssdstream.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.trainer.data.DatasetSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything that defines a training run, with torchvision's SSD300 recipe as the defaults and every value
 * validated here, in one place. A checkpoint stores the configuration, so a resumed run is the same run.
 *
 * @param trainData the training set
 * @param validationData the held-out set evaluated every {@code evaluateEvery} epochs and at the end, if any
 * @param initFrom a model artifact whose weights start the run (those whose shapes fit); empty trains from scratch
 * @param architecture ssd300 or ssd512
 * @param widthMultiplier channel width of the network, in (0, 1]
 * @param batchSize images per step
 * @param epochs passes over the training set
 * @param learningRate the base SGD step size (torchvision: 0.002 at batch 32; default scales linearly with batch)
 * @param momentum SGD momentum (0.9)
 * @param weightDecay L2 penalty on every trained parameter (5e-4)
 * @param milestones epochs at which the learning rate is multiplied by {@code gamma}
 * @param gamma the multi-step decay factor (0.1)
 * @param warmupIterations linear warm-up length in steps; empty means torchvision's min(1000, steps per epoch - 1)
 * @param warmupFactor the learning-rate fraction warm-up starts from (0.001)
 * @param gradientClipNorm when positive, the global gradient L2 norm is clipped to this before each update (not
 *     part of torchvision's recipe, whose VGG starts pretrained; it keeps from-scratch training stable)
 * @param trainableBackboneLayers VGG stages (1-5, counted from the top) left trainable; 0 freezes the whole VGG
 * @param augmentation how training images are augmented
 * @param device where the run computes
 * @param workers data-loading threads
 * @param seed the one seed of the run: weight initialisation, data order and every augmentation draw
 * @param checkpointEvery steps between checkpoints (one is also written at the end)
 * @param keepCheckpoints how many of the newest checkpoints to keep
 * @param evaluateEvery epochs between validation runs (0: only at the end)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record TrainingConfig(
        DatasetSpec trainData,
        Optional<DatasetSpec> validationData,
        Optional<String> initFrom,
        String architecture,
        double widthMultiplier,
        int batchSize,
        int epochs,
        double learningRate,
        double momentum,
        double weightDecay,
        List<Integer> milestones,
        double gamma,
        Optional<Integer> warmupIterations,
        double warmupFactor,
        double gradientClipNorm,
        int trainableBackboneLayers,
        AugmentationPolicy augmentation,
        DeviceSpec device,
        int workers,
        long seed,
        int checkpointEvery,
        int keepCheckpoints,
        int evaluateEvery) {

    /** torchvision's SSD300 learning rate and the global batch it was tuned for (8 GPUs x 4 images). */
    public static final double REFERENCE_LEARNING_RATE = 0.002;
    public static final int REFERENCE_BATCH = 32;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

    public enum AugmentationPolicy {
        /** photometric distortion, zoom-out, IoU crop, horizontal flip */
        SSD,
        /** horizontal flip only */
        HFLIP,
        /** none */
        NONE;

        /** The policy named {@code ssd}, {@code hflip} or {@code none}, in any case. */
        public static AugmentationPolicy parse(String name) {
            for (AugmentationPolicy policy : values()) {
                if (policy.name().equalsIgnoreCase(name)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("augmentation must be ssd, hflip or none, got '" + name + "'");
        }
    }

    public TrainingConfig {
        require(trainData != null, "a training dataset is required");
        SsdArchitecture.named(architecture, 2).withWidth(widthMultiplier);
        require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0, "weight decay must not be negative, got " + weightDecay);
        milestones = List.copyOf(milestones);
        for (int i = 0; i < milestones.size(); i++) {
            require(milestones.get(i) >= 1 && (i == 0 || milestones.get(i) > milestones.get(i - 1)),
                    "learning-rate milestones must be increasing epochs from 1, got " + milestones);
        }
        require(gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got " + gamma);
        require(warmupIterations.orElse(0) >= 0, "warm-up iterations must not be negative");
        require(warmupFactor > 0 && warmupFactor <= 1, "warm-up factor must be in (0, 1], got " + warmupFactor);
        require(gradientClipNorm >= 0, "gradient clip norm must not be negative (0 disables), got " + gradientClipNorm);
        require(trainableBackboneLayers >= 0 && trainableBackboneLayers <= 5,
                "trainable backbone layers must be 0-5, got " + trainableBackboneLayers);
        // torchvision forces all 5 when the backbone is not pretrained: frozen random filters only hurt
        require(initFrom.isPresent() || trainableBackboneLayers == 5,
                "freezing backbone layers needs pretrained weights (--init); from scratch all 5 are trained");
        require(device != null, "a device is required");
        require(workers >= 1, "data-loading workers must be at least 1, got " + workers);
        require(checkpointEvery >= 1, "checkpoint interval must be at least 1 step, got " + checkpointEvery);
        require(keepCheckpoints >= 1, "keep at least 1 checkpoint, got " + keepCheckpoints);
        require(evaluateEvery >= 0, "evaluation interval must not be negative, got " + evaluateEvery);
    }

    public static Builder builder(DatasetSpec trainData) {
        return new Builder(trainData);
    }

    /**
     * The same run on another machine: device and loader threads change where and how fast it computes, not what
     * (batches do not depend on the number of workers).
     */
    public TrainingConfig onMachine(DeviceSpec otherDevice, int otherWorkers) {
        return new TrainingConfig(trainData, validationData, initFrom, architecture, widthMultiplier, batchSize, epochs,
                learningRate, momentum, weightDecay, milestones, gamma, warmupIterations, warmupFactor, gradientClipNorm,
                trainableBackboneLayers, augmentation, otherDevice, otherWorkers, seed, checkpointEvery, keepCheckpoints,
                evaluateEvery);
    }

    /** The network this run trains, for {@code classes} classes including background. */
    public SsdArchitecture architectureFor(int classes) {
        return SsdArchitecture.named(architecture, classes).withWidth(widthMultiplier);
    }

    /** Warm-up length given the epoch length: the configured one, or torchvision's min(1000, steps per epoch - 1). */
    public int warmupFor(int stepsPerEpoch) {
        return warmupIterations.orElse(Math.min(1000, stepsPerEpoch - 1));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The configuration as JSON, for checkpoints and model provenance; empty optionals are left out. */
    public ObjectNode toJson() {
        return JSON.valueToTree(this);
    }

    /** Reads {@link #toJson}'s output back, validating it as the builder does. */
    public static TrainingConfig fromJson(JsonNode json) {
        try {
            return JSON.treeToValue(json, TrainingConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException("training configuration: " + message, e);
        }
    }

    /** Collects settings; every one left unset takes torchvision's recipe value or the documented default. */
    public static final class Builder {
        private final DatasetSpec trainData;
        private Optional<DatasetSpec> validationData = Optional.empty();
        private Optional<String> initFrom = Optional.empty();
        private String architecture = "ssd300";
        private double widthMultiplier = 1.0;
        private int batchSize = 8;
        private int epochs = 120;
        private Double learningRate;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private List<Integer> milestones = List.of(80, 110);
        private double gamma = 0.1;
        private Optional<Integer> warmupIterations = Optional.empty();
        private double warmupFactor = 0.001;
        private double gradientClipNorm;
        private Integer trainableBackboneLayers;
        private AugmentationPolicy augmentation = AugmentationPolicy.SSD;
        private DeviceSpec device = DeviceSpec.AUTO;
        private int workers = Math.min(4, Runtime.getRuntime().availableProcessors());
        private long seed = 1;
        private int checkpointEvery = 1000;
        private int keepCheckpoints = 3;
        private int evaluateEvery = 10;

        private Builder(DatasetSpec trainData) {
            this.trainData = trainData;
        }

        public Builder validationData(DatasetSpec value) {
            validationData = Optional.ofNullable(value);
            return this;
        }

        public Builder initFrom(String artifactDirectory) {
            initFrom = Optional.ofNullable(artifactDirectory);
            return this;
        }

        public Builder architecture(String value) {
            architecture = value.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder widthMultiplier(double value) {
            widthMultiplier = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder milestones(List<Integer> value) {
            milestones = value;
            return this;
        }

        public Builder gamma(double value) {
            gamma = value;
            return this;
        }

        public Builder warmupIterations(int value) {
            warmupIterations = Optional.of(value);
            return this;
        }

        public Builder warmupFactor(double value) {
            warmupFactor = value;
            return this;
        }

        public Builder gradientClipNorm(double value) {
            gradientClipNorm = value;
            return this;
        }

        public Builder trainableBackboneLayers(int value) {
            trainableBackboneLayers = value;
            return this;
        }

        public Builder augmentation(AugmentationPolicy value) {
            augmentation = value;
            return this;
        }

        public Builder device(DeviceSpec value) {
            device = value;
            return this;
        }

        public Builder workers(int value) {
            workers = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder checkpointEvery(int value) {
            checkpointEvery = value;
            return this;
        }

        public Builder keepCheckpoints(int value) {
            keepCheckpoints = value;
            return this;
        }

        public Builder evaluateEvery(int value) {
            evaluateEvery = value;
            return this;
        }

        public TrainingConfig build() {
            double lr = learningRate != null ? learningRate
                    : REFERENCE_LEARNING_RATE * batchSize / REFERENCE_BATCH;
            // torchvision: 4 trainable stages over a pretrained backbone, all 5 from scratch
            int trainable = trainableBackboneLayers != null ? trainableBackboneLayers : initFrom.isPresent() ? 4 : 5;
            return new TrainingConfig(trainData, validationData, initFrom, architecture, widthMultiplier, batchSize,
                    epochs, lr, momentum, weightDecay, milestones, gamma, warmupIterations, warmupFactor,
                    gradientClipNorm, trainable, augmentation, device, workers, seed, checkpointEvery, keepCheckpoints,
                    evaluateEvery);
        }
    }
}
