package io.ssdstream.cli.train;

import io.ssdstream.cli.Json;
import io.ssdstream.job.config.DeviceConverter;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.train.Checkpoint;
import io.ssdstream.trainer.train.Trainer;
import io.ssdstream.trainer.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream train}: trains an SSD into a run directory (checkpoints, {@code training.csv},
 * {@code curves.png}) and prints a JSON summary. Every training option left out takes the default of
 * {@link TrainingConfig} (torchvision's SSD300 recipe); {@code --resume} continues a stored run exactly.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an SSD on a VOC, COCO or synthetic dataset; checkpoints, CSV log and loss/mAP plot go"
                + " to the run directory. Datasets: voc:DIR[:SPLIT], coco:FILE.json[:IMAGE_DIR],"
                + " synthetic:COUNT[:SEED[:STYLE]] (style standard or simple), crossing:COUNT[:SEED], SPEC+SPEC.")
public final class TrainCommand implements Callable<Integer> {

    /**
     * {@link TrainingConfig}'s defaults, which the options start from and {@code --help} shows; the training set
     * has no default and stands in only to build it.
     */
    private static final TrainingConfig RECIPE = TrainingConfig.builder(DatasetSpec.parse("synthetic:1")).build();

    /** Options that may accompany --resume: they change where and how fast, not what is computed. */
    private static final List<String> RESUMABLE = List.of("--resume", "--out", "--device", "--workers", "--threads",
            "--stop-after", "--help", "--version");

    @Option(names = "--train", paramLabel = "DATASET", description = "Training set.")
    String train;

    @Option(names = "--val", paramLabel = "DATASET", description = "Held-out set, evaluated every --eval-every epochs"
            + " and at the end.")
    String validation;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
    Path out;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run of this checkpoint (or the"
            + " newest checkpoint of this run directory) with its stored configuration.")
    Path resume;

    @Option(names = "--init", paramLabel = "MODEL", description = "Start from this model artifact's weights (those"
            + " whose shapes fit, e.g. all but the class head of a COCO model).")
    String init;

    @Option(names = "--arch", paramLabel = "ARCH", description = "ssd300 or ssd512. Default: ${DEFAULT-VALUE}.")
    String architecture = RECIPE.architecture();

    @Option(names = "--width", paramLabel = "W", description = "Channel width multiplier in (0, 1]."
            + " Default: ${DEFAULT-VALUE}.")
    double width = RECIPE.widthMultiplier();

    @Option(names = "--batch-size", paramLabel = "B", description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batchSize = RECIPE.batchSize();

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set."
            + " Default: ${DEFAULT-VALUE}.")
    int epochs = RECIPE.epochs();

    @Option(names = "--lr", paramLabel = "LR", description = "Base learning rate. Default: "
            + TrainingConfig.REFERENCE_LEARNING_RATE + " x B / " + TrainingConfig.REFERENCE_BATCH + ".")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum = RECIPE.momentum();

    @Option(names = "--weight-decay", paramLabel = "WD", description = "L2 penalty on every trained parameter."
            + " Default: ${DEFAULT-VALUE}.")
    double weightDecay = RECIPE.weightDecay();

    @Option(names = "--milestones", split = ",", paramLabel = "EPOCH", description = "Epochs where the learning"
            + " rate is multiplied by --gamma. Default: ${DEFAULT-VALUE}.")
    List<Integer> milestones = new ArrayList<>(RECIPE.milestones());

    @Option(names = "--gamma", paramLabel = "G", description = "Learning-rate factor at each milestone."
            + " Default: ${DEFAULT-VALUE}.")
    double gamma = RECIPE.gamma();

    @Option(names = "--warmup-iterations", paramLabel = "N", description = "Linear warm-up steps. Default:"
            + " min(1000, steps per epoch - 1).")
    Integer warmupIterations;

    @Option(names = "--warmup-factor", paramLabel = "F", description = "Warm-up starts at F x lr."
            + " Default: ${DEFAULT-VALUE}.")
    double warmupFactor = RECIPE.warmupFactor();

    @Option(names = "--clip-grad-norm", paramLabel = "N", description = "Clip the global gradient norm (0: off)."
            + " Default: ${DEFAULT-VALUE}.")
    double clipGradNorm = RECIPE.gradientClipNorm();

    @Option(names = "--trainable-backbone-layers", paramLabel = "K", description = "VGG stages left trainable, 0-5."
            + " Default: 4 with --init, else 5.")
    Integer trainableBackboneLayers;

    @Option(names = "--augmentation", paramLabel = "A", description = "ssd, hflip or none."
            + " Default: ${DEFAULT-VALUE}.")
    String augmentation = RECIPE.augmentation().name().toLowerCase(Locale.ROOT);

    @Option(names = "--seed", paramLabel = "S", description = "Seed of weights, data order and augmentation."
            + " Default: ${DEFAULT-VALUE}.")
    long seed = RECIPE.seed();

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints."
            + " Default: ${DEFAULT-VALUE}.")
    int checkpointEvery = RECIPE.checkpointEvery();

    @Option(names = "--keep-checkpoints", paramLabel = "N", description = "Newest checkpoints kept."
            + " Default: ${DEFAULT-VALUE}.")
    int keepCheckpoints = RECIPE.keepCheckpoints();

    @Option(names = "--eval-every", paramLabel = "EPOCHS", description = "Epochs between validations (0: only at"
            + " the end). Default: ${DEFAULT-VALUE}.")
    int evaluateEvery = RECIPE.evaluateEvery();

    @Option(names = "--device", paramLabel = "DEVICE", converter = DeviceConverter.class,
            description = "cpu, gpu, gpu:N or auto; with --resume, the run's unless given. Default: ${DEFAULT-VALUE}.")
    DeviceSpec device = RECIPE.device();

    @Option(names = "--workers", paramLabel = "N", description = "Data-loading threads; with --resume, the run's"
            + " unless given. Default: min(4, cores).")
    Integer workers;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch CPU threads. Default: the cores the"
            + " workers leave, at least 1.")
    Integer threads;

    @Option(names = "--stop-after", paramLabel = "STEP", description = "Stop with a checkpoint once this many steps"
            + " are done; continue later with --resume.")
    Long stopAfter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<Checkpoint> checkpoint = resume == null ? Optional.empty() : Optional.of(Checkpoint.open(resume));
        TrainingConfig config = checkpoint.isPresent() ? resumed(checkpoint.get().config()) : fresh();
        EngineThreads.configure(threads, config.workers());
        Trainer trainer = new Trainer(config, out, spec.commandLine().getErr(), System.console() != null);
        TrainingResult result = trainer.run(checkpoint, stopAfter == null ? Long.MAX_VALUE : stopAfter);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run", out.toString());
        summary.put("checkpoint", result.checkpoint().toString());
        summary.put("steps", result.steps());
        summary.put("trainingSeconds", Math.round(result.trainingSeconds()));
        result.validation().ifPresent(report -> summary.put("validation", report.toJson()));
        spec.commandLine().getOut().println(Json.pretty(summary));
        return 0;
    }

    /** A new run's configuration from the options; package-private for the test of its defaults. */
    TrainingConfig fresh() {
        if (train == null) {
            throw new IllegalArgumentException("--train is required (or --resume a run)");
        }
        TrainingConfig.Builder b = TrainingConfig.builder(DatasetSpec.parse(train))
                .architecture(architecture)
                .widthMultiplier(width)
                .batchSize(batchSize)
                .epochs(epochs)
                .momentum(momentum)
                .weightDecay(weightDecay)
                .milestones(milestones)
                .gamma(gamma)
                .warmupFactor(warmupFactor)
                .gradientClipNorm(clipGradNorm)
                .augmentation(TrainingConfig.AugmentationPolicy.parse(augmentation))
                .seed(seed)
                .checkpointEvery(checkpointEvery)
                .keepCheckpoints(keepCheckpoints)
                .evaluateEvery(evaluateEvery)
                .device(device);
        set(validation, v -> b.validationData(DatasetSpec.parse(v)));
        set(init, b::initFrom);
        set(learningRate, b::learningRate);
        set(warmupIterations, b::warmupIterations);
        set(trainableBackboneLayers, b::trainableBackboneLayers);
        set(workers, b::workers);
        return b.build();
    }

    /** The stored configuration, with only the options that cannot change the result applied. */
    private TrainingConfig resumed(TrainingConfig stored) {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUMABLE.contains(option.longestName())) {
                throw new IllegalArgumentException("--resume continues the stored run unchanged; drop "
                        + option.longestName() + " (only " + String.join(", ", RESUMABLE.subList(1, 6)) + " may change)");
            }
        }
        boolean deviceGiven = spec.commandLine().getParseResult().hasMatchedOption("--device");
        return stored.onMachine(deviceGiven ? device : stored.device(), workers != null ? workers : stored.workers());
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
