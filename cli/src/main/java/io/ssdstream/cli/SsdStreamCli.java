package io.ssdstream.cli;

import io.ssdstream.cli.bench.PipelineBenchCommand;
import io.ssdstream.cli.bench.TrackingBenchCommand;
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
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
            TrackingBenchCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class})
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
        if (e instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
            return f.getFile() + ": " + fileProblem(f);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The JDK's file exceptions often carry only the path; the type says what is wrong with it. */
    private static String fileProblem(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "is not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a directory that is not empty";
        }
        return e.getClass().getSimpleName();
    }
}
