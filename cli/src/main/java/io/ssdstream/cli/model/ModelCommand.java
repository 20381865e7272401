package io.ssdstream.cli.model;

import io.ssdstream.cli.bench.ModelBenchCommand;
import picocli.CommandLine.Command;

/** {@code ssd-stream model ...}: inspect, import, pull and benchmark models. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect, import, pull and benchmark SSD models.",
        subcommands = {ModelInfoCommand.class, ModelImportCommand.class, ModelPullCommand.class, ModelInitCommand.class,
            ModelBenchCommand.class})
public final class ModelCommand {}
