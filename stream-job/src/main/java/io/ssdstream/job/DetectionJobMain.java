package io.ssdstream.job;

import io.ssdstream.job.config.JobOptions;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The job jar's entry point for {@code flink run}: parses the options, builds the pipeline, runs it. */
@Command(name = "ssd-stream-job", mixinStandardHelpOptions = true,
        description = "SSD detection on Kafka video frames (Flink job).")
public final class DetectionJobMain implements Callable<Integer> {

    /** The Flink job name. */
    public static final String JOB_NAME = "ssd-stream detection";

    @Mixin
    JobOptions options;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new DetectionJobMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ssd-stream-job: " + e.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The parsed options. */
    public JobOptions options() {
        return options;
    }

    @Override
    public Integer call() throws Exception {
        DetectionJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options.toConfig());
        return 0;
    }
}
