package io.ssdstream.job.testing;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the job's integration tests run on: one TaskManager, and a restart budget each test chooses. */
public final class TestCluster {

    private TestCluster() {}

    /** One TaskManager with {@code slots} slots, restarting failed jobs as {@code restarts} says. */
    public static MiniClusterExtension withSlots(int slots, Configuration restarts) {
        return new MiniClusterExtension(() -> new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .setConfiguration(restarts)
                .build());
    }

    /**
     * At most {@code attempts} restarts, {@code delay} apart. With checkpointing on, Flink would otherwise retry
     * forever and a broken test would hang instead of failing.
     */
    public static Configuration restarts(int attempts, Duration delay) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return conf;
    }
}
