package io.ssdstream.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Flink inside this JVM for the launcher's commands, with its web UI on localhost when asked for. */
public final class LocalEnvironment {

    private LocalEnvironment() {}

    /**
     * @param flink settings for the local cluster; the web UI's address and port are added to it
     * @param webUiPort the web UI's port on localhost, or 0 for no web UI (flink-runtime-web must be on the class
     *        path otherwise)
     */
    public static StreamExecutionEnvironment create(Configuration flink, int webUiPort) {
        if (webUiPort <= 0) {
            return StreamExecutionEnvironment.createLocalEnvironment(flink);
        }
        flink.set(RestOptions.BIND_ADDRESS, "localhost");
        flink.set(RestOptions.PORT, webUiPort);
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    }
}
