package io.ssdstream.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster of separate JVMs on loopback, started the way flink-dist's
 * {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} start it: Flink's own entry points, the memory JVM
 * options and {@code -D} settings Flink derives from {@code config.yaml} (what the scripts ask BashJavaUtils for),
 * {@code env.java.opts.*}, a log file per process and the image's class path ({@link ImageLayout}). Each process has
 * its own Prometheus port.
 */
final class StandaloneCluster implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /**
     * Flink's distribution ships these in its config.yaml for Java 17 (env.java.opts.all): the opens its
     * serializers and RPC need.
     */
    private static final String JAVA_17_OPTIONS = String.join(" ",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** One JVM of the cluster. */
    record FlinkProcess(String name, Process process, Path log, int prometheusPort) {
        /** SIGKILL, as {@code kill -9}: no shutdown hook, no goodbye to the JobManager. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        String logText() throws IOException {
            return Files.readString(log);
        }

        /**
         * The process's resident set size as the kernel counts it (VmRSS in {@code /proc/PID/status}): the heap's
         * touched pages, Metaspace and the native memory the JVM does not account for (libtorch, DJL's NDArrays,
         * glibc's malloc arenas) alike.
         */
        long residentBytes() throws IOException {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) << 10).findFirst()
                    .orElseThrow(() -> new IOException("no VmRSS in " + status));
        }

        /** The distinct files, their names containing {@code namePart}, that the process has mapped. */
        List<Path> mapped(String namePart) throws IOException {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "maps")).stream()
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> fields.length == 6
                            && Path.of(fields[5]).getFileName().toString().contains(namePart))
                    .map(fields -> Path.of(fields[5])).distinct().toList();
        }
    }

    private final Path home;
    private final ImageLayout image;
    private final Configuration configuration;
    private final FlinkRest rest;
    private final List<FlinkProcess> processes = new ArrayList<>();
    private final List<FlinkProcess> taskManagers = new ArrayList<>();
    private FlinkProcess jobManager;

    private StandaloneCluster(Path home, ImageLayout image, Configuration configuration, FlinkRest rest) {
        this.home = home;
        this.image = image;
        this.configuration = configuration;
        this.rest = rest;
    }

    /**
     * Writes {@code conf/} under {@code home}, starts the JobManager and {@code taskManagers} TaskManagers, and
     * returns once they all registered.
     */
    static StandaloneCluster start(Path home, ImageLayout image, DeploymentConfiguration deployment,
                                   int taskManagers) throws Exception {
        int restPort = freePort();
        Map<String, String> conf = new LinkedHashMap<>(deployment.flinkConfiguration());
        conf.put("env.java.opts.all", JAVA_17_OPTIONS);
        conf.put("jobmanager.memory.process.size", deployment.jobManagerMemory());
        conf.put("taskmanager.memory.process.size", deployment.taskManagerMemory());
        conf.put("jobmanager.rpc.address", LOOPBACK);
        conf.put("jobmanager.rpc.port", Integer.toString(freePort()));
        conf.put("jobmanager.bind-host", LOOPBACK);
        conf.put("taskmanager.host", LOOPBACK);
        conf.put("taskmanager.bind-host", LOOPBACK);
        conf.put("rest.address", LOOPBACK);
        conf.put("rest.bind-address", LOOPBACK);
        conf.put("rest.port", Integer.toString(restPort));
        conf.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
        Path confDirectory = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("log"));
        writeConfigYaml(confDirectory.resolve("config.yaml"), conf);
        Files.writeString(confDirectory.resolve("log4j.properties"), LOG4J);
        Configuration configuration = GlobalConfiguration.loadConfiguration(confDirectory.toString());
        StandaloneCluster cluster = new StandaloneCluster(home, image, configuration,
                new FlinkRest(URI.create("http://" + LOOPBACK + ":" + restPort)));
        try {
            cluster.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    FlinkRest rest() {
        return rest;
    }

    FlinkProcess jobManager() {
        return jobManager;
    }

    /** The TaskManagers started so far, killed ones included, in start order. */
    List<FlinkProcess> taskManagers() {
        return List.copyOf(taskManagers);
    }

    private void startJobManager() throws Exception {
        JobManagerProcessSpec memory = JobManagerProcessUtils.processSpecFromConfig(configuration);
        List<String> arguments = new ArrayList<>(List.of("--configDir", home.resolve("conf").toString(),
                "--executionMode", "cluster"));
        arguments.addAll(words(JobManagerProcessUtils.generateDynamicConfigsStr(memory)));
        jobManager = launch("jobmanager", StandaloneSessionClusterEntrypoint.class.getName(),
                JobManagerProcessUtils.generateJvmParametersStr(memory, configuration),
                configuration.get(CoreOptions.FLINK_JM_JVM_OPTIONS), arguments);
        rest.awaitReady(START_TIMEOUT);
    }

    /** Starts one more TaskManager and returns once the JobManager counts it. */
    FlinkProcess startTaskManager() throws Exception {
        TaskExecutorProcessSpec memory = TaskExecutorProcessUtils.processSpecFromConfig(configuration);
        String name = "taskmanager-" + taskManagers.size();
        List<String> arguments = new ArrayList<>(List.of("--configDir", home.resolve("conf").toString(),
                "-D", "taskmanager.resource-id=" + name));
        arguments.addAll(words(TaskExecutorProcessUtils.generateDynamicConfigsStr(memory)));
        FlinkProcess process = launch(name, TaskManagerRunner.class.getName(),
                ProcessMemoryUtils.generateJvmParametersStr(memory), configuration.get(CoreOptions.FLINK_TM_JVM_OPTIONS),
                arguments);
        taskManagers.add(process);
        rest.awaitTaskManager(name, START_TIMEOUT);
        return process;
    }

    private FlinkProcess launch(String name, String entryPoint, String memoryOptions, String roleOptions,
                                List<String> arguments) throws IOException {
        int prometheusPort = freePort();
        Path log = home.resolve("log/" + name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(words(memoryOptions));
        command.addAll(words(configuration.get(CoreOptions.FLINK_JVM_OPTIONS)));
        command.addAll(words(roleOptions));
        command.add("-Dlog.file=" + log);
        command.add("-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j.properties"));
        command.add("-classpath");
        command.add(image.classPath());
        command.add(entryPoint);
        command.addAll(arguments);
        command.add("-D");
        command.add("metrics.reporter.prom.port=" + prometheusPort);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("log/" + name + ".out").toFile());
        builder.environment().putAll(image.environment());
        builder.environment().put("FLINK_PLUGINS_DIR", image.pluginsDirectory().toString());
        FlinkProcess process = new FlinkProcess(name, builder.start(), log, prometheusPort);
        processes.add(process);
        return process;
    }

    private static List<String> words(String options) {
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.strip().split("\\s+"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** Flat keys, each value a YAML double-quoted scalar (JSON's string syntax is one). */
    private static void writeConfigYaml(Path file, Map<String, String> conf) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> entry : conf.entrySet()) {
            yaml.append(entry.getKey()).append(": ").append(json.writeValueAsString(entry.getValue())).append('\n');
        }
        Files.writeString(file, yaml);
    }

    /** One file per process; Kafka's clients say a page per transactional producer at INFO. */
    private static final String LOG4J = """
            rootLogger.level = INFO
            rootLogger.appenderRef.file.ref = file
            appender.file.name = file
            appender.file.type = File
            appender.file.fileName = ${sys:log.file}
            appender.file.layout.type = PatternLayout
            appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n
            logger.kafka.name = org.apache.kafka
            logger.kafka.level = WARN
            """;

    /** Stops every process still running: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        for (FlinkProcess process : processes) {
            process.process().destroy();
        }
        for (FlinkProcess process : processes) {
            try {
                if (!process.process().waitFor(10, TimeUnit.SECONDS)) {
                    process.process().destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while stopping " + process.name()));
            }
        }
    }
}
