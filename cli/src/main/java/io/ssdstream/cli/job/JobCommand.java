package io.ssdstream.cli.job;

import io.ssdstream.job.DetectionJob;
import io.ssdstream.job.LocalEnvironment;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.config.JobOptions;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ssd-stream job}: the detection job in a local Flink environment (this JVM), against any Kafka cluster.
 * The same options as the job jar's main class, which is what {@code flink run} and the container image take.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Run the detection job locally (Flink in this JVM) against a Kafka cluster.")
public final class JobCommand implements Callable<Integer> {

    @Mixin
    JobOptions options;

    @Option(names = "--web-ui-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port of Flink's web UI (bin/ssd-stream job only); 0 for none. Default: ${DEFAULT-VALUE}.")
    int webUiPort;

    @Option(names = "--bind-address", paramLabel = "ADDRESS",
            description = "Interface Flink's web UI, blob server and RPC listen on (bin/ssd-stream job only);"
                    + " 0.0.0.0 exposes them. Default: ${DEFAULT-VALUE}.")
    String bindAddress = LocalEnvironment.LOOPBACK;

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.toConfig();
        DetectionJob.run(LocalEnvironment.create(new Configuration(), webUiPort, bindAddress), config);
        return 0;
    }
}
