package io.ssdstream.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink inside this JVM for the launcher's commands, listening (web UI, blob server, RPC) on one interface:
 * loopback unless asked otherwise, since Flink's own default is every interface.
 */
public final class LocalEnvironment {

    /** The bind address that keeps every listener on this machine. */
    public static final String LOOPBACK = "127.0.0.1";

    private LocalEnvironment() {}

    /**
     * @param flink settings for the local cluster; the listeners' addresses and the web UI's port are added to it
     * @param webUiPort the web UI's port, or 0 for no web UI (flink-runtime-web must be on the class path otherwise)
     * @param bindAddress the interface every listener binds to: {@link #LOOPBACK}, or e.g. {@code 0.0.0.0} to let
     *        other machines reach the web UI
     */
    public static StreamExecutionEnvironment create(Configuration flink, int webUiPort, String bindAddress) {
        String connectTo = connectAddress(bindAddress);
        flink.set(JobManagerOptions.BIND_HOST, bindAddress);
        flink.set(JobManagerOptions.ADDRESS, connectTo);
        flink.set(TaskManagerOptions.BIND_HOST, bindAddress);
        flink.set(TaskManagerOptions.HOST, connectTo);
        flink.set(RestOptions.BIND_ADDRESS, bindAddress);
        flink.set(RestOptions.ADDRESS, connectTo);
        if (webUiPort <= 0) {
            return StreamExecutionEnvironment.createLocalEnvironment(flink);
        }
        flink.set(RestOptions.PORT, webUiPort);
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    }

    /** Where this JVM's own clients reach a listener bound to {@code bindAddress}. */
    private static String connectAddress(String bindAddress) {
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            return address.isAnyLocalAddress() ? "localhost" : address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind-address: '" + bindAddress + "' is not an address of this"
                    + " machine", e);
        }
    }
}
