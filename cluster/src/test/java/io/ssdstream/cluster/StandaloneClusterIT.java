package io.ssdstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.cluster.StandaloneCluster.FlinkProcess;
import io.ssdstream.job.testing.EmbeddedKafka;
import io.ssdstream.job.testing.TestFrames;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as deployed: a standalone cluster of one JobManager and two TaskManagers in their own JVMs, with the
 * container image's class path and the FlinkDeployment's configuration ({@link StandaloneCluster}), the shaded job
 * jar uploaded and run over REST, against a real broker on loopback. Every check reads what a user could read:
 * the topics (read_committed), the processes' log files, the REST API and each TaskManager's Prometheus endpoint.
 */
class StandaloneClusterIT {

    private static final List<String> CAMERAS = List.of("north", "south", "east", "west");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Logged by DJL's PyTorch engine when it loads libtorch: once per JVM unless a second class loader loads it. */
    private static final Pattern ENGINE_LOADED = Pattern.compile("Number of intra-op threads is (\\d+)");
    /**
     * Metaspace used after each cancel and a full GC, measured here on 5 runs (MiB): 69, 86, 107, 109, 107 on a fresh
     * TaskManager; 92, 110, 110, 111, 108 after another job ran. The first runs load classes that stay (Flink's and
     * lib/'s, first used by a job); then it is flat. A leaked job class loader would add its job jar's classes
     * (Kafka clients, Avro, the connectors) on every run.
     */
    private static final int WARM_UP_RUNS = 3;
    /** What a run after the warm-up may add to Metaspace. */
    private static final long METASPACE_GROWTH_BOUND = 8L << 20;
    /**
     * What a run after the warm-up may add, on average, to a TaskManager's resident set size after the cancel and a
     * full GC. Measured here (2 cores) over 8 runs, MiB: 2290, 2617, 2843, 2863, 2835, 2901, 3141, 3213 and 2245, 2454,
     * 2637, 2641, 2662, 2823, 2910, 3107 after another job ran; 1445, 1874, 2075, 2440, 2614, 2946, 3270, 3285 on a
     * fresh TaskManager: 74 to 270 MiB a run after the warm-up. The JVM's own native memory is flat (Native Memory
     * Tracking: 786 MiB malloc'ed after every run); the growth is glibc's malloc arenas keeping what libtorch freed:
     * each run's new task threads take arenas of their own, up to 8 per core, and each arena keeps the peak of the
     * activations computed on it. After 8 runs, with the next job running, gdb's {@code malloc_stats()} counted 2608
     * MiB taken from the OS and 834 MiB in use, and {@code malloc_trim(0)} took the resident set from 3302 to 1639 MiB.
     * Over 16 runs the growth slows, 178 MiB a run to the tenth then 59, to 3844 MiB, with 1004 of the 3215 MiB taken
     * from the OS in use (16 arenas, the most on 2 cores). About twice the worst average measured: a leak in use of
     * half a GiB a run or more fails.
     */
    private static final long RESIDENT_GROWTH_BOUND = 512L << 20;
    /** Jobs submitted and cancelled in a row to see whether the JobManager lets go of their class loaders. */
    private static final int RELEASE_RUNS = 3;
    /** Flink's per-job user class loader with its default {@code classloader.resolve-order}. */
    private static final String USER_CODE_CLASS_LOADER = "org.apache.flink.util.ChildFirstClassLoader";

    /** conf/, log/, checkpoints and savepoints of the cluster; kept when a test fails, for its logs. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path home;

    private static EmbeddedKafka kafka;
    private static DeploymentConfiguration deployment;
    private static StandaloneCluster cluster;
    private static ImageLayout image;
    private static String jar;
    /** Every slot of the cluster: each TaskManager runs as many subtasks as it has slots. */
    private static int slots;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        deployment = DeploymentConfiguration.cpu();
        image = ImageLayout.staged();
        System.out.println("cluster home: " + home);
        cluster = StandaloneCluster.start(home, image, deployment, 2);
        slots = 2 * Integer.parseInt(deployment.flinkConfiguration().get("taskmanager.numberOfTaskSlots"));
        jar = cluster.rest().uploadJar(image.jobJar());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void framesAreDetectedExactlyOnceWithTheNativesLoadedOncePerTaskManagerAndMetricsScraped() throws Exception {
        Topics topics = Topics.create("detect");
        Map<String, Integer> produced = new ConcurrentHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (long sequence = 0; sequence < 40; sequence++) {
                for (int c = 0; c < CAMERAS.size(); c++) {
                    send(producer, topics.frames(), c, sequence, produced);
                }
            }
        }
        String job = submit(topics, "detect");
        try {
            List<String> seen = detected(topics, produced.size());
            assertExactlyOnce(seen, produced.keySet());

            for (FlinkProcess taskManager : cluster.taskManagers()) {
                assertNativesMappedOnce(taskManager);
                String log = taskManager.logText();
                Matcher loads = ENGINE_LOADED.matcher(log);
                List<String> threads = new ArrayList<>();
                while (loads.find()) {
                    threads.add(loads.group(1));
                }
                assertThat(threads).as(taskManager.name() + ": libtorch loads (intra-op threads each)")
                        .containsExactly(javaOption("ai.djl.pytorch.num_threads"));
                assertThat(log).as(taskManager.name()).doesNotContain("already loaded in another classloader");
            }

            double framesIn = 0;
            for (FlinkProcess taskManager : cluster.taskManagers()) {
                PrometheusScrape scrape = PrometheusScrape.of(taskManager.prometheusPort());
                String who = taskManager.name() + " on Prometheus port " + taskManager.prometheusPort();
                assertThat(scrape.sum("_framesIn")).as(who + ": frames in").isPositive();
                assertThat(scrape.named("_framesRejected")).as(who + ": rejected, by reason").isNotEmpty()
                        .allMatch(sample -> sample.labels().contains("reason=\""));
                assertThat(scrape.named("_framesShed")).as(who + ": shed").isNotEmpty();
                assertThat(scrape.sum("_batchSize_count")).as(who + ": batches").isPositive();
                assertThat(scrape.named("_batchSize")).as(who + ": batch size quantiles")
                        .allMatch(sample -> sample.value() >= 1 && sample.value() <= 8);
                assertThat(scrape.named("_inferenceMillis")).as(who + ": inference latency").isNotEmpty()
                        .allMatch(sample -> sample.value() > 0 && sample.value() < 60_000);
                assertThat(scrape.named("_endToEndLatencyMillis")).as(who + ": end-to-end latency").isNotEmpty()
                        .allMatch(sample -> sample.value() >= 0);
                framesIn += scrape.sum("_framesIn");
            }
            assertThat(framesIn).as("frames in, over both TaskManagers").isEqualTo(produced.size());
        } finally {
            cluster.rest().cancel(job, TIMEOUT);
        }
    }

    @Test
    void aTaskManagerKilledMidStreamLosesAndRepeatsNothing() throws Exception {
        int kills = Integer.getInteger("cluster.kills", 1);
        Topics topics = Topics.create("kill");
        FrameProducer producer = new FrameProducer(topics.frames());
        String job = submit(topics, "kill");
        try {
            producer.start();
            cluster.rest().awaitCheckpointsAfter(job, 0, TIMEOUT);
            for (int kill = 0; kill < kills; kill++) {
                Thread.sleep(2000);
                FlinkProcess victim = liveTaskManagers().get(0);
                // killed while detections wait in an open transaction, or the test could pass with nothing at stake
                kafka.awaitUncommittedRecords(topics.detections(), TIMEOUT);
                long before = cluster.rest().completedCheckpoints(job);
                victim.kill();
                cluster.startTaskManager();
                cluster.rest().awaitRunning(job, TIMEOUT);
                cluster.rest().awaitCheckpointsAfter(job, before, TIMEOUT);
            }
            Thread.sleep(2000);
            producer.stopAndAwait();
            assertThat(producer.failure.get()).as("the producer's sends").isNull();

            List<String> seen = detected(topics, producer.acknowledged.size());
            assertExactlyOnce(seen, producer.acknowledged.keySet());
            assertThat(kafka.transactionMarkers(topics.detections()).aborts())
                    .as("abort markers: the transactions open at the kill, which held detections, were discarded")
                    .isPositive();
        } finally {
            producer.stopAndAwait();
            cluster.rest().cancel(job, TIMEOUT);
        }
    }

    /**
     * Jobs submitted over REST and cancelled leave no class loader behind on the JobManager, which makes two per
     * submission: one for the jar's main, one for the running job. With Avro in the job jar both stayed, 2 more
     * after every submission and cancel (measured here: 2, 4, 6; Metaspace 88, 120, 151 MiB; the JobManager's
     * default 256 MiB ran out at about the 7th): Avro's schema parser leaves its thread-local name validator, a class
     * of the job jar, on the pooled JobManager threads that first touch a generated record class (Pekko's
     * dispatchers, Flink's future pool, both deserializing the job's operators and serializers). With Avro in lib/,
     * parent-first, one stays (measured: 1, 1, 1; Metaspace 86, 95, 104 MiB): the first main's, which JNA's cleaner
     * thread inherited as its access-control context when main() loaded the model.
     */
    @Test
    void cancelledJobsLeaveNoClassLoaderOnTheJobManager() throws Exception {
        Topics topics = Topics.create("release");
        for (int run = 0; run < RELEASE_RUNS; run++) {
            String job = submit(topics, "release");
            cluster.rest().cancel(job, TIMEOUT);
        }
        // the JobMaster lets go of its class loader once it closed, shortly after the job reads CANCELED
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long loaders = liveInstances(cluster.jobManager(), USER_CODE_CLASS_LOADER);
        while (loaders > 1 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            loaders = liveInstances(cluster.jobManager(), USER_CODE_CLASS_LOADER);
        }
        assertThat(loaders).as("user code class loaders on the JobManager after %d jobs cancelled and a full GC",
                RELEASE_RUNS).isLessThanOrEqualTo(1);
    }

    /**
     * The job cancelled and resubmitted on the same TaskManagers: each run gets a new user class loader, while
     * libtorch, in lib/, stays loaded once per JVM; the old class loaders' Metaspace is given back once a full GC
     * ran, and the resident set grows by no more than the allocator keeps. Then a stop with a savepoint over REST and
     * a restart from it at half the parallelism and another batch size: frames produced throughout come out exactly
     * once. Long: only with {@code -Pcluster-long}.
     */
    @Test
    @EnabledIfSystemProperty(named = "cluster.resubmits", matches = "\\d+")
    void resubmittedJobsReuseTheNativesAndAStopWithSavepointResumesAtAnotherParallelism() throws Exception {
        int resubmits = Integer.getInteger("cluster.resubmits");
        assertThat(resubmits).as("cluster.resubmits: runs beyond the warm-up").isGreaterThan(WARM_UP_RUNS);
        Topics runs = Topics.create("resubmit");
        FrameProducer frames = new FrameProducer(runs.frames());
        Map<String, List<Long>> metaspace = new LinkedHashMap<>();
        Map<String, List<Long>> resident = new LinkedHashMap<>();
        try {
            frames.start();
            for (int run = 0; run < resubmits; run++) {
                String job = submit(runs, "resubmit", slots, 4, null);
                cluster.rest().awaitCheckpointsAfter(job, 0, TIMEOUT);
                cluster.rest().cancel(job, TIMEOUT);
                for (FlinkProcess taskManager : liveTaskManagers()) {
                    fullGc(taskManager);
                    metaspace.computeIfAbsent(taskManager.name(), name -> new ArrayList<>())
                            .add((long) cluster.rest().taskManagerMetric(taskManager.name(),
                                    "Status.JVM.Memory.Metaspace.Used"));
                    resident.computeIfAbsent(taskManager.name(), name -> new ArrayList<>())
                            .add(taskManager.residentBytes());
                }
            }
        } finally {
            frames.stopAndAwait();
        }
        System.out.println("Metaspace used after each cancel and a full GC, bytes: " + metaspace);
        System.out.println("Resident set size after each cancel and a full GC, bytes: " + resident);
        for (FlinkProcess taskManager : liveTaskManagers()) {
            assertNativesMappedOnce(taskManager);
            String log = taskManager.logText();
            assertThat(log).as(taskManager.name()).doesNotContain("already loaded in another classloader");
            assertThat(ENGINE_LOADED.matcher(log).results().count()).as(taskManager.name() + ": libtorch loads")
                    .isEqualTo(1);
            List<Long> used = metaspace.get(taskManager.name());
            assertThat(used.get(used.size() - 1) - used.get(WARM_UP_RUNS - 1))
                    .as(taskManager.name() + ": Metaspace growth over the runs after the warm-up, " + used)
                    .isLessThan(METASPACE_GROWTH_BOUND * (resubmits - WARM_UP_RUNS));
            List<Long> rss = resident.get(taskManager.name());
            assertThat(rss.get(rss.size() - 1) - rss.get(WARM_UP_RUNS - 1))
                    .as(taskManager.name() + ": resident set growth over the runs after the warm-up, " + rss)
                    .isLessThan(RESIDENT_GROWTH_BOUND * (resubmits - WARM_UP_RUNS));
        }

        Topics topics = Topics.create("savepoint");
        FrameProducer producer = new FrameProducer(topics.frames());
        try {
            String job = submit(topics, "savepoint", slots, 4, null);
            producer.start();
            cluster.rest().awaitCheckpointsAfter(job, 0, TIMEOUT);
            String savepoint = cluster.rest().stopWithSavepoint(job, home.resolve("savepoints"), TIMEOUT);
            String resumed = submit(topics, "savepoint", slots / 2, 2, savepoint);
            cluster.rest().awaitCheckpointsAfter(resumed, 0, TIMEOUT);
            Thread.sleep(2000);
            producer.stopAndAwait();
            assertThat(producer.failure.get()).as("the producer's sends").isNull();
            assertExactlyOnce(detected(topics, producer.acknowledged.size()), producer.acknowledged.keySet());
            cluster.rest().cancel(resumed, TIMEOUT);
        } finally {
            producer.stopAndAwait();
        }
    }

    /**
     * The kernel's view of the TaskManager's native libraries: libtorch and DJL's JNI library from where the image's
     * environment points, and OpenCV (copied to a fresh temporary folder on each load) loaded exactly once.
     */
    private static void assertNativesMappedOnce(FlinkProcess taskManager) throws Exception {
        Path libtorch = Path.of(image.environment().get("PYTORCH_LIBRARY_PATH"));
        Path engineCache = Path.of(image.environment().get("ENGINE_CACHE_DIR"));
        assertThat(taskManager.mapped("libtorch_cpu.so")).as(taskManager.name() + ": libtorch")
                .singleElement().matches(path -> path.startsWith(libtorch));
        assertThat(taskManager.mapped("libdjl_torch.so"))
                .as(taskManager.name() + ": DJL's JNI library").singleElement()
                .matches(path -> path.startsWith(engineCache));
        assertThat(taskManager.mapped("libopencv_java")).as(taskManager.name() + ": OpenCV").hasSize(1);
    }

    private static List<FlinkProcess> liveTaskManagers() {
        return cluster.taskManagers().stream().filter(tm -> tm.process().isAlive()).toList();
    }

    /** What a cancelled job's class loader held is only freed by a GC that unloads classes. */
    private static void fullGc(FlinkProcess taskManager) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(taskManager.process().pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(jcmd.waitFor()).as("jcmd GC.run on " + taskManager.name()).isZero();
    }

    /** Instances of a class in the process after a full GC ({@code jcmd GC.class_histogram} runs one first). */
    private static long liveInstances(FlinkProcess process, String className) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.process().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as("jcmd GC.class_histogram on " + process.name()).isZero();
        // "  num:  #instances  #bytes  class name (module)"
        return histogram.lines().map(line -> line.strip().split("\\s+"))
                .filter(fields -> fields.length >= 4 && fields[3].equals(className))
                .mapToLong(fields -> Long.parseLong(fields[1])).sum();
    }

    /** The value the FlinkDeployment gives a {@code -D} option of the TaskManagers' JVMs. */
    private static String javaOption(String name) {
        Matcher option = Pattern.compile("-D" + Pattern.quote(name) + "=(\\S+)")
                .matcher(deployment.flinkConfiguration().get("env.java.opts.taskmanager"));
        assertThat(option.find()).as(name + " in env.java.opts.taskmanager").isTrue();
        return option.group(1);
    }

    private record Topics(String frames, String detections, String deadLetters, String objects) {
        static Topics create(String prefix) throws Exception {
            Topics topics = new Topics(prefix + "-frames", prefix + "-detections", prefix + "-rejected",
                    prefix + "-objects");
            for (String topic : List.of(topics.frames, topics.detections, topics.deadLetters, topics.objects)) {
                kafka.createTopic(topic, CAMERAS.size());
            }
            return topics;
        }
    }

    /** Runs the uploaded jar on every slot, checkpointing each second, and waits until all its tasks run. */
    private static String submit(Topics topics, String group) throws Exception {
        return submit(topics, group, slots, 4, null);
    }

    /** Runs the uploaded jar, from {@code savepoint} unless null, and waits until all its tasks run. */
    private static String submit(Topics topics, String group, int parallelism, int batchSize, String savepoint)
            throws Exception {
        String job = cluster.rest().run(jar, List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--model", Path.of(System.getProperty("ssd-stream.root"), "models/demo").toString(),
                "--frames-topic", topics.frames(), "--detections-topic", topics.detections(),
                "--dead-letter-topic", topics.deadLetters(), "--objects-topic", topics.objects(),
                "--group-id", group, "--device", "cpu", "--batch-size", Integer.toString(batchSize),
                "--max-frame-age-ms", "0", "--checkpoint-interval-ms", "1000", "--restart-attempts", "100",
                "--parallelism", Integer.toString(parallelism)), parallelism, savepoint);
        cluster.rest().awaitRunning(job, TIMEOUT);
        return job;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int camera, long sequence,
                             Map<String, Integer> acknowledged) throws Exception {
        String name = CAMERAS.get(camera);
        producer.send(new ProducerRecord<>(topic, camera, name.getBytes(StandardCharsets.UTF_8),
                TestFrames.jpegFrame(name, sequence, Instant.now()))).get();
        acknowledged.put(name + "#" + sequence, camera);
    }

    /** "camera#sequence" of each detection event, read_committed, until {@code expected} arrived and 5 s more. */
    private static List<String> detected(Topics topics, int expected) {
        WireCodec<DetectionEvent> events = WireCodec.forRecord(DetectionEvent.class);
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                kafka.readCommitted(topics.detections(), expected, TIMEOUT, Duration.ofSeconds(5))) {
            try {
                DetectionEvent event = events.decode(record.value());
                seen.add(event.getCameraId() + "#" + event.getFrameSequence());
            } catch (Exception e) {
                throw new AssertionError("undecodable detection event at offset " + record.offset(), e);
            }
        }
        return seen;
    }

    private static void assertExactlyOnce(List<String> seen, Set<String> produced) {
        Map<String, Long> counts = seen.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertThat(produced.stream().filter(id -> !counts.containsKey(id)).sorted().toList())
                .as("frames produced but never detected").isEmpty();
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList())
                .as("frames detected more than once").isEmpty();
        assertThat(counts.keySet().stream().filter(id -> !produced.contains(id)).sorted().toList())
                .as("detections of no produced frame").isEmpty();
    }

    /** A frame per camera every 100 ms until stopped; only frames the broker acknowledged count as produced. */
    private static final class FrameProducer extends Thread {
        final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        private final String topic;
        private volatile boolean stopped;

        FrameProducer(String topic) {
            super("cluster-frame-producer");
            this.topic = topic;
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (long sequence = 0; !stopped; sequence++) {
                    for (int c = 0; c < CAMERAS.size(); c++) {
                        send(producer, topic, c, sequence, acknowledged);
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }

        void stopAndAwait() throws InterruptedException {
            stopped = true;
            join(TIMEOUT.toMillis());
        }
    }
}
