package io.ssdstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.testing.EmbeddedKafka;
import io.ssdstream.ssd.detector.DeviceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that fails on every attempt ends, with its cause on one line, once its restarts are used up. The local
 * environment starts from Flink's own defaults, which with checkpointing on restart forever: without the job's
 * own restart strategy this test would hang until its timeout.
 */
class BoundedRestartIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJobThatFailsOnEveryAttemptEndsWithItsCause() throws Exception {
        // the TaskManagers cannot read the model: what the preflight check prevents when the client sees the same
        // files, and what remains when it does not
        Path unreadable = dir.resolve("not-on-the-task-managers");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("frames", 1);
            kafka.createTopic("detections", 1);
            kafka.createTopic("frames-rejected", 1);
            JobConfig config = JobConfig.builder(kafka.bootstrapServers(), unreadable)
                    .device(DeviceSpec.CPU)
                    .parallelism(1)
                    .restarts(2, Duration.ofMillis(100))
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
            DetectionJob.build(env, config);

            long start = System.nanoTime();
            assertThatThrownBy(() -> DetectionJob.execute(env, config))
                    .isInstanceOf(DetectionJob.JobFailedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                            .startsWith("the job failed and is not restarted again (--restart-attempts 2): ")
                            .contains(unreadable.toString()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        }
    }
}
