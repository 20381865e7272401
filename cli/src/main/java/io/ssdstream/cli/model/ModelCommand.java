package io.ssdstream.cli.model;

import io.ssdstream.cli.bench.ModelBenchCommand;
import picocli.CommandLine.Command;

/** {@code ssd-stream model ...}: inspect, import and benchmark models. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect, import and benchmark SSD models.",
        subcommands = {ModelInfoCommand.class, ModelImportCommand.class, ModelInitCommand.class, ModelBenchCommand.class})
public final class ModelCommand {}
