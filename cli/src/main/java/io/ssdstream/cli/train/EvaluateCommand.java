package io.ssdstream.cli.train;

import io.ssdstream.cli.DetectorArgs;
import io.ssdstream.cli.Json;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.trainer.data.ClassList;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.data.DetectionDataset;
import io.ssdstream.trainer.eval.DatasetEvaluation;
import io.ssdstream.trainer.eval.EvaluationReport;
import io.ssdstream.trainer.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream evaluate}: Pascal VOC mAP@0.5 (11-point and area) and COCO AP@[.5:.95], AP50, AP75 and AP by
 * object size of a model on a dataset, overall and per class, as JSON. The model is a model artifact, a checkpoint
 * or a run directory (its newest checkpoint); it detects exactly as it would in the stream job.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a model (artifact, checkpoint or run directory) on a dataset: VOC mAP@0.5 and COCO AP as"
                + " JSON. Datasets: voc:DIR[:SPLIT], coco:FILE.json[:IMAGE_DIR],"
                + " synthetic:COUNT[:SEED[:STYLE]] (style standard or simple), crossing:COUNT[:SEED], SPEC+SPEC.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DetectorArgs detector;

    @Option(names = "--data", required = true, paramLabel = "DATASET", description = "The dataset to score on.")
    String data;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "B",
            description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Image-decoding threads. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch CPU threads. Default: the cores the"
            + " workers leave, at least 1.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EngineThreads.configure(threads, workers);
        Path model = Files.isRegularFile(detector.model.resolve(ModelArtifact.METADATA_FILE))
                ? detector.model
                : Checkpoint.open(detector.model).directory();
        ModelMetadata metadata = ModelArtifact.open(model).metadata();
        DetectionDataset dataset = DatasetSpec.parse(data).open(Optional.of(ClassList.of(metadata.classes())));
        EvaluationReport report;
        try (Detector loaded = Detector.load(model, detector.options())) {
            report = DatasetEvaluation.run(loaded, dataset, batchSize, workers);
        }
        spec.commandLine().getOut().println(Json.pretty(report.toJson()));
        return 0;
    }
}
