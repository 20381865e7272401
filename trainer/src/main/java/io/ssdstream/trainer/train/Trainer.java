package io.ssdstream.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.ssdstream.scenes.Seeds;
import io.ssdstream.ssd.anchors.DefaultBoxes;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.boxes.SsdMatcher;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSelector;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.loss.MultiBoxLoss;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.augment.Augmentation;
import io.ssdstream.trainer.augment.RandomHorizontalFlip;
import io.ssdstream.trainer.augment.SsdAugmentation;
import io.ssdstream.trainer.data.ClassList;
import io.ssdstream.trainer.data.DetectionDataset;
import io.ssdstream.trainer.eval.DatasetEvaluation;
import io.ssdstream.trainer.eval.EvaluationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an SSD the way torchvision's detection reference does ({@code references/detection/train.py} with
 * {@code --data-augmentation ssd}): SGD with momentum and weight decay, multi-step learning rate with linear
 * warm-up, the MultiBox loss, optional frozen VGG stages, parallel data loading; checkpoints every N steps with
 * exact resume, a CSV log and a loss/mAP plot in the run directory, validation with the same {@link Detector} the
 * stream job runs.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final long INIT_STREAM = 3;
    /** The provenance entry naming the model a fine-tune started from. */
    public static final String INITIALISED_FROM = "initialisedFrom";
    private static final String TRAIN_DATA = "trainData";
    /** ImageNet mean and standard deviation of 0-1 RGB, the usual standardisation for networks trained from scratch. */
    static final Normalization FROM_SCRATCH_NORMALIZATION = new Normalization(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final TrainingConfig config;
    private final Path runDirectory;
    private final PrintWriter console;
    private final boolean interactive;

    /**
     * @param console where the progress bar goes
     * @param interactive whether the console is a terminal (redraw the bar in place) or a log (print lines)
     */
    public Trainer(TrainingConfig config, Path runDirectory, PrintWriter console, boolean interactive) {
        this.config = config;
        this.runDirectory = runDirectory;
        this.console = console;
        this.interactive = interactive;
    }

    /** A new run. */
    public TrainingResult train() throws IOException, InterruptedException {
        return run(Optional.empty(), Long.MAX_VALUE);
    }

    /**
     * Trains from {@code resumeFrom} (empty: from the start) up to the end, or only until {@code stopAfterStep}
     * updates are done, leaving a checkpoint there to resume from.
     */
    public TrainingResult run(Optional<Checkpoint> resumeFrom, long stopAfterStep) throws IOException, InterruptedException {
        Files.createDirectories(runDirectory);
        DetectionDataset train = config.trainData().open(resumeFrom.map(c -> ClassList.of(c.metadata().classes())));
        Optional<DetectionDataset> validation = config.validationData().isPresent()
                ? Optional.of(config.validationData().get().open(Optional.of(train.classes())))
                : Optional.empty();
        SsdArchitecture architecture = config.architectureFor(train.classes().size());
        Device device = DeviceSelector.select(config.device());
        Augmentation augmentation = switch (config.augmentation()) {
            case SSD -> new SsdAugmentation();
            case HFLIP -> new RandomHorizontalFlip(0.5);
            case NONE -> (sample, random) -> sample;
        };
        // --init's artifact, opened once: its normalisation, weights and name all shape the run
        Optional<ModelArtifact> base = resumeFrom.isEmpty() && config.initFrom().isPresent()
                ? Optional.of(ModelArtifact.open(Path.of(config.initFrom().get())))
                : Optional.empty();
        Normalization normalization = normalization(resumeFrom, base);
        InputEncoder encoder = new InputEncoder(architecture.imageSize(), normalization);
        try (Model model = Model.newInstance("ssd-trainer", device, "PyTorch");
                BatchLoader loader = new BatchLoader(train, augmentation, encoder, config.seed(), config.batchSize(),
                        config.workers())) {
            SsdNetwork network = new SsdNetwork(architecture);
            model.setBlock(network);
            // libtorch's generator draws the initial weights: seeded so a run is reproducible from its seed
            Engine.getInstance().setRandomSeed((int) Seeds.derive(config.seed(), INIT_STREAM));
            network.initialize(model.getNDManager(), DataType.FLOAT32, network.inputShape(1));
            ConvFourScale.keepFullWidthMagnitude(network);
            startingWeights(resumeFrom, base, network, model.getNDManager(), loader);
            Map<String, Parameter> trained = trainedParameters(network);
            try (SgdMomentum optimizer = new SgdMomentum(trained, config.momentum(), config.weightDecay());
                    TrainingLog log = TrainingLog.open(runDirectory, resumeFrom.map(Checkpoint::step).orElse(0L))) {
                if (resumeFrom.isPresent()) {
                    optimizer.restore(resumeFrom.get().optimizerState());
                }
                Session session = new Session(train, validation, network, normalization, model, loader, optimizer, log,
                        resumeFrom, initialisedFrom(resumeFrom, base));
                LOG.info("Training {} width {} ({} classes, {} parameters, {} trained) on {}: {} images, {} steps per "
                                + "epoch, {} epochs, batch {}, lr {}", architecture.name(), architecture.widthMultiplier(),
                        architecture.numClasses(), network.parameterCount(), count(trained), device, train.size(),
                        loader.stepsPerEpoch(), config.epochs(), config.batchSize(), config.learningRate());
                return session.run(stopAfterStep);
            }
        }
    }

    /**
     * The input normalisation the weights are trained for: a pretrained model's own (torchvision's SSD uses the
     * caffe VGG's 0-255 range), else ImageNet standardisation, whose unit-scale inputs keep SGD on a VGG without
     * batch normalisation stable from scratch where the 0-255 range diverges.
     */
    private static Normalization normalization(Optional<Checkpoint> resumeFrom, Optional<ModelArtifact> base) {
        if (resumeFrom.isPresent()) {
            return resumeFrom.get().metadata().normalization();
        }
        if (base.isPresent()) {
            return base.get().metadata().normalization();
        }
        return FROM_SCRATCH_NORMALIZATION;
    }

    /**
     * The model whose weights started the run, for the provenance of every checkpoint: {@code --init}'s artifact by
     * name, version and training data (and what it started from in turn), carried over when a run resumes, since the
     * fine-tune's own recipe and data say nothing of what came before.
     */
    private static Optional<String> initialisedFrom(Optional<Checkpoint> resumeFrom, Optional<ModelArtifact> base) {
        if (resumeFrom.isPresent()) {
            return Optional.ofNullable(resumeFrom.get().metadata().provenance().get(INITIALISED_FROM));
        }
        return base.map(ModelArtifact::metadata).map(metadata -> {
            String trainData = metadata.provenance().getOrDefault(TRAIN_DATA, "data not recorded");
            String earlier = metadata.provenance().get(INITIALISED_FROM);
            return metadata.name() + " " + metadata.version() + " (trained on " + trainData
                    + (earlier == null ? "" : ", initialised from " + earlier) + ")";
        });
    }

    private void startingWeights(Optional<Checkpoint> resumeFrom, Optional<ModelArtifact> base, SsdNetwork network,
            NDManager manager, BatchLoader loader) throws IOException, InterruptedException {
        if (resumeFrom.isPresent()) {
            WeightBinding.bind(resumeFrom.get().weights(), network);
            LOG.info("Resuming {} at step {}", resumeFrom.get().directory(), resumeFrom.get().step());
        } else if (base.isPresent()) {
            StateDict pretrained = base.get().weights();
            List<String> fresh = PretrainedWeights.apply(pretrained, network);
            LOG.info("Initialised from {}; {} tensors keep their fresh initialisation{}", config.initFrom().get(),
                    fresh.size(), fresh.isEmpty() ? "" : " " + fresh);
        } else {
            UnitVarianceInit.apply(network, manager, loader.batch(0));
        }
    }

    /** The parameters SGD updates: all but the frozen VGG stages, which stop requiring gradients. */
    private Map<String, Parameter> trainedParameters(SsdNetwork network) {
        Set<String> frozen = BackboneFreezing.frozenKeys(network.stateDict().keySet(), config.trainableBackboneLayers());
        Map<String, Parameter> trained = new LinkedHashMap<>();
        network.stateDict().forEach((key, parameter) -> {
            if (frozen.contains(key)) {
                parameter.freeze(true);
            } else {
                trained.put(key, parameter);
            }
        });
        return trained;
    }

    private static long count(Map<String, Parameter> parameters) {
        return parameters.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** The loop and its running state. */
    private final class Session {
        private final DetectionDataset train;
        private final Optional<DetectionDataset> validation;
        private final SsdNetwork network;
        private final Normalization normalization;
        private final BatchLoader loader;
        private final SgdMomentum optimizer;
        private final TrainingLog log;
        private final TrainingStep trainingStep;
        private final LearningRateSchedule schedule;
        private final CheckpointStore checkpoints;
        private final long totalSteps;
        private final double previousSeconds;
        private final long sessionStart = System.nanoTime();
        private final Optional<String> initialisedFrom;
        private long step;
        private Map<String, String> lastEvaluation;
        private Optional<EvaluationReport> lastReport = Optional.empty();
        private Path lastCheckpoint;
        private double epochLoss;
        private int epochSteps;

        Session(DetectionDataset train, Optional<DetectionDataset> validation, SsdNetwork network,
                Normalization normalization, Model model, BatchLoader loader, SgdMomentum optimizer, TrainingLog log,
                Optional<Checkpoint> resumeFrom, Optional<String> initialisedFrom) {
            this.train = train;
            this.validation = validation;
            this.network = network;
            this.normalization = normalization;
            this.loader = loader;
            this.optimizer = optimizer;
            this.log = log;
            MultiBoxLoss loss = new MultiBoxLoss(3, new SsdMatcher(0.5), BoxCoder.SSD);
            this.trainingStep = new TrainingStep(model.getNDManager(), network,
                    new DefaultBoxes(network.architecture()).cornerFormPixels(), loss, optimizer, config.gradientClipNorm());
            int stepsPerEpoch = loader.stepsPerEpoch();
            this.schedule = new LearningRateSchedule(config.learningRate(), config.milestones(), config.gamma(),
                    config.warmupFor(stepsPerEpoch), config.warmupFactor(), stepsPerEpoch);
            this.checkpoints = new CheckpointStore(runDirectory, config.keepCheckpoints());
            this.totalSteps = (long) config.epochs() * stepsPerEpoch;
            this.step = resumeFrom.map(Checkpoint::step).orElse(0L);
            this.previousSeconds = resumeFrom.map(Checkpoint::trainingSeconds).orElse(0.0);
            this.lastEvaluation = resumeFrom.map(Checkpoint::lastEvaluation).orElse(Map.of());
            this.initialisedFrom = initialisedFrom;
        }

        TrainingResult run(long stopAfterStep) throws IOException, InterruptedException {
            int stepsPerEpoch = loader.stepsPerEpoch();
            ProgressBar progress = new ProgressBar(console, interactive, totalSteps);
            long end = Math.min(totalSteps, stopAfterStep);
            while (step < end) {
                long started = System.nanoTime();
                Batch batch = loader.batch(step);
                double rate = schedule.at(step);
                TrainingStep.Loss loss = batch.images() == 0 ? new TrainingStep.Loss(0, 0, 0)
                        : trainingStep.run(batch, rate, step);
                step++;
                long epoch = (step - 1) / stepsPerEpoch;
                epochLoss += loss.total();
                epochSteps++;
                progress.stepDone(step, epoch, config.epochs(), loss.total(), rate, batch.images(),
                        (System.nanoTime() - started) / 1e9);
                TrainingLog.Row row = new TrainingLog.Row(step, epoch, rate, loss.total(), loss.boxRegression(),
                        loss.classification(), loss.gradientNorm(), batch.images(), seconds(), null, null, null, null);
                if (step % stepsPerEpoch == 0) {
                    progress.interrupt();
                    row = endOfEpoch(row, epoch);
                }
                log.append(row);
                if (row.vocMap50() != null) {
                    CurvePlot.write(log.rows(), runDirectory);
                }
                if (step % config.checkpointEvery() == 0 || step == end) {
                    progress.interrupt();
                    checkpoint();
                }
            }
            CurvePlot.write(log.rows(), runDirectory);
            return new TrainingResult(lastCheckpoint, step, seconds(), lastReport);
        }

        private TrainingLog.Row endOfEpoch(TrainingLog.Row row, long epoch) throws InterruptedException, IOException {
            LOG.info("Epoch {}/{} done: mean loss {}, lr {}, {} unreadable images skipped so far, {} steps needed a "
                            + "second backward pass", epoch + 1, config.epochs(),
                    String.format(Locale.ROOT, "%.4f", epochLoss / Math.max(1, epochSteps)),
                    String.format(Locale.ROOT, "%.4g", row.learningRate()), loader.skippedImages(),
                    trainingStep.recomputedSteps());
            epochLoss = 0;
            epochSteps = 0;
            boolean lastEpoch = step == totalSteps;
            boolean due = config.evaluateEvery() > 0 && (epoch + 1) % config.evaluateEvery() == 0;
            if (validation.isEmpty() || !(due || lastEpoch)) {
                return row;
            }
            EvaluationReport report = validate(validation.get());
            lastReport = Optional.of(report);
            lastEvaluation = provenanceOf(report);
            return row.withValidation(report.map50(), report.voc().meanElevenPoint(), report.coco().ap(),
                    report.coco().ap50());
        }

        private EvaluationReport validate(DetectionDataset data) throws InterruptedException, IOException {
            long started = System.nanoTime();
            try (Detector detector = Detector.of(metadata(), WeightBinding.snapshot(network, "step " + step),
                    DetectorOptions.DEFAULTS.withDevice(config.device()))) {
                EvaluationReport report = DatasetEvaluation.run(detector, data, config.batchSize(), config.workers());
                LOG.info("Validation at step {} on {} images: VOC mAP@0.5 {} (11-point {}), COCO AP {} AP50 {} ({} s)",
                        step, report.images(), percent(report.map50()), percent(report.voc().meanElevenPoint()),
                        percent(report.coco().ap()), percent(report.coco().ap50()),
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
                return report;
            }
        }

        private void checkpoint() throws IOException {
            lastCheckpoint = checkpoints.save(step, metadata(), WeightBinding.snapshot(network, "step " + step),
                    optimizer.state(), Checkpoint.state(step, config, seconds(), lastEvaluation));
            LOG.info("Checkpoint at step {}: {}", step, lastCheckpoint);
        }

        private ModelMetadata metadata() {
            SsdArchitecture a = network.architecture();
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("trainedBy", "ssd-stream trainer");
            provenance.put(TRAIN_DATA, train.description());
            initialisedFrom.ifPresent(base -> provenance.put(INITIALISED_FROM, base));
            provenance.put("seed", Long.toString(config.seed()));
            provenance.put("steps", Long.toString(step));
            provenance.putAll(lastEvaluation);
            return new ModelMetadata(a.name() + "-" + config.trainData().kind().name().toLowerCase(Locale.ROOT),
                    "step-" + step, a, train.classes().names(), normalization,
                    DetectionThresholds.DEFAULTS, provenance);
        }

        private double seconds() {
            return previousSeconds + (System.nanoTime() - sessionStart) / 1e9;
        }
    }

    private static Map<String, String> provenanceOf(EvaluationReport report) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("validationData", report.dataset());
        values.put("validationImages", Integer.toString(report.images()));
        putMetric(values, "validationVocMap50", report.map50());
        putMetric(values, "validationCocoAp", report.coco().ap());
        putMetric(values, "validationCocoAp50", report.coco().ap50());
        return values;
    }

    private static void putMetric(Map<String, String> values, String key, Double value) {
        if (value != null) {
            values.put(key, String.format(Locale.ROOT, "%.4f", value));
        }
    }

    private static String percent(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
}
