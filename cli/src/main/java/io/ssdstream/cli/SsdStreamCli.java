package io.ssdstream.cli;

import io.ssdstream.cli.bench.PipelineBenchCommand;
import io.ssdstream.cli.cameras.CamerasCommand;
import io.ssdstream.cli.demo.DemoCommand;
import io.ssdstream.cli.detect.DetectCommand;
import io.ssdstream.cli.job.JobCommand;
import io.ssdstream.cli.model.ModelCommand;
import io.ssdstream.cli.produce.ProduceCommand;
import io.ssdstream.cli.tail.TailCommand;
import io.ssdstream.cli.train.EvaluateCommand;
import io.ssdstream.cli.train.ExportCommand;
import io.ssdstream.cli.train.TrainCommand;
import io.ssdstream.cli.view.ViewCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/ssd-stream}: every command of the product under one launcher. */
@Command(
        name = "ssd-stream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time SSD object detection on Kafka video streams.",
        subcommands = {DemoCommand.class, ProduceCommand.class, JobCommand.class, TailCommand.class, ViewCommand.class,
            CamerasCommand.class, ModelCommand.class, DetectCommand.class, PipelineBenchCommand.class,
            TrainCommand.class, EvaluateCommand.class, ExportCommand.class})
public final class SsdStreamCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with the product's error handling: a bad option or input is one clear line, no trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SsdStreamCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ssd-stream " + commandLine.getCommandName() + ": " + describe(e));
            if (Boolean.getBoolean("ssd-stream.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
