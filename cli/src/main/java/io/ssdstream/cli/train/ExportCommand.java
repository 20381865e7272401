package io.ssdstream.cli.train;

import io.ssdstream.cli.Json;
import io.ssdstream.cli.model.ArtifactOut;
import io.ssdstream.job.config.ThresholdOptions;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.trainer.export.ArtifactExport;
import io.ssdstream.trainer.train.Checkpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream export}: a training checkpoint to the model artifact the stream job loads. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a checkpoint (or a run directory's newest) as a model artifact: weights and model.json"
                + " with class names, normalisation, thresholds and provenance.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint or run directory.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The artifact directory to write.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name in detection events. Default: the"
            + " checkpoint's (architecture and dataset kind).")
    String name;

    @Option(names = "--model-version", paramLabel = "V", description = "The model's version. Default: ${DEFAULT-VALUE}.")
    String version = ModelMetadata.DEFAULT_VERSION;

    @Mixin
    ThresholdOptions thresholds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ArtifactOut.check(out);
        Checkpoint source = Checkpoint.open(checkpoint);
        ArtifactExport.Options options = new ArtifactExport.Options(name != null ? name : source.metadata().name(),
                version, thresholds.overrides().applyTo(source.metadata().thresholds()));
        ModelArtifact artifact = ArtifactExport.write(source, options, out);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("artifact", artifact.directory().toString());
        summary.put("name", artifact.metadata().name());
        summary.put("version", artifact.metadata().version());
        summary.put("checkpoint", source.directory().toString());
        summary.put("steps", source.step());
        summary.put("classes", artifact.metadata().classes());
        summary.put("provenance", artifact.metadata().provenance());
        spec.commandLine().getOut().println(Json.pretty(summary));
        return 0;
    }
}
