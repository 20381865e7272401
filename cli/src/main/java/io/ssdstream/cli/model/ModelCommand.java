package io.ssdstream.cli.model;

import io.ssdstream.cli.bench.GpuCheckCommand;
import io.ssdstream.cli.bench.ModelBenchCommand;
import picocli.CommandLine.Command;

/** {@code ssd-stream model ...}: inspect, import, pull, benchmark and check models. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect, import, pull, benchmark and check SSD models.",
        subcommands = {ModelInfoCommand.class, ModelImportCommand.class, ModelPullCommand.class, ModelInitCommand.class,
            ModelBenchCommand.class, GpuCheckCommand.class})
public final class ModelCommand {}
