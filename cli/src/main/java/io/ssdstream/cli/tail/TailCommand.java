package io.ssdstream.cli.tail;

import io.ssdstream.cli.Json;
import io.ssdstream.cli.tail.Contracts.UndecodableMessage;
import io.ssdstream.job.config.JobConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream tail}: the records of one topic as JSON lines, whichever contract they carry. Reads every
 * partition without a consumer group, so it never moves anybody's committed offsets.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a topic's records (frames, detections, rejected frames, counts, objects) as JSON lines.")
public final class TailCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to connect to.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to read. Default: the job's detections"
            + " topic, ${DEFAULT-VALUE}.")
    String topic = JobConfig.DEFAULTS.detectionsTopic();

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max-messages", paramLabel = "N",
            description = "Stop after N records shown (printed, or reported as undecodable).")
    Long maxMessages;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", description = "Stop after MS milliseconds without records.")
    Long idleTimeoutMs;

    @Option(names = "--camera", paramLabel = "ID",
            description = "Only records of this camera (its cameraId, which is also the message key).")
    String camera;

    @Option(names = "--isolation", defaultValue = "read_committed", paramLabel = "LEVEL",
            description = "read_committed (only committed transactions, what consumers see) or read_uncommitted. "
                    + "Default: ${DEFAULT-VALUE}.")
    String isolation;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra consumer setting, for example security.protocol=SSL; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    private final Contracts contracts = new Contracts();

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long read = 0;
        long shown = 0;
        long undecodable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            CountDownLatch finished = new CountDownLatch(1);
            Thread stopOnCtrlC = new Thread(() -> {
                consumer.wakeup();
                awaitQuietly(finished);
            }, "ssd-stream-tail-stop");
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            try {
                long idleSince = System.nanoTime();
                while (!reachedMax(shown) && !idleTooLong(idleSince)) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        idleSince = System.nanoTime();
                        read++;
                        Outcome outcome = print(record, out, err);
                        if (outcome == Outcome.UNDECODABLE) {
                            undecodable++;
                        }
                        if (outcome != Outcome.OTHER_CAMERA) {
                            shown++;
                        }
                        if (reachedMax(shown)) {
                            break;
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException ctrlC) {
                out.flush();
            } finally {
                finished.countDown();
                removeHook(stopOnCtrlC);
            }
        }
        if (undecodable > 0) {
            err.println("ssd-stream tail: " + undecodable + " of " + read + " records could not be decoded");
        }
        return 0;
    }

    private void validate() {
        if (maxMessages != null && maxMessages < 1) {
            throw new IllegalArgumentException("--max-messages must be at least 1, got " + maxMessages);
        }
        if (idleTimeoutMs != null && idleTimeoutMs < 1) {
            throw new IllegalArgumentException("--idle-timeout-ms must be at least 1, got " + idleTimeoutMs);
        }
        if (!isolation.equals("read_committed") && !isolation.equals("read_uncommitted")) {
            throw new IllegalArgumentException("--isolation must be read_committed or read_uncommitted, got "
                    + isolation);
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ssd-stream-tail");
        properties.putAll(kafkaProperties);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrapServers + " within "
                    + METADATA_TIMEOUT.toSeconds() + " s", e);
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on " + bootstrapServers);
        }
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** What became of one record. */
    private enum Outcome { PRINTED, OTHER_CAMERA, UNDECODABLE }

    /** Prints one record as a JSON line, or the reason it holds no contract record on stderr. */
    private Outcome print(ConsumerRecord<byte[], byte[]> record, PrintWriter out, PrintWriter err) {
        SpecificRecordBase decoded;
        try {
            decoded = contracts.decode(record.value());
        } catch (UndecodableMessage e) {
            err.println("ssd-stream tail: " + record.topic() + " partition " + record.partition() + " offset "
                    + record.offset() + ": " + e.getMessage());
            return Outcome.UNDECODABLE;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("type", decoded.getSchema().getName());
        line.putAll(RecordFields.of(decoded));
        if (camera != null && !camera.equals(line.get("cameraId"))) {
            return Outcome.OTHER_CAMERA;
        }
        out.println(Json.line(line));
        return Outcome.PRINTED;
    }

    private boolean reachedMax(long read) {
        return maxMessages != null && read >= maxMessages;
    }

    private boolean idleTooLong(long idleSinceNanos) {
        return idleTimeoutMs != null && System.nanoTime() - idleSinceNanos >= idleTimeoutMs * 1_000_000;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it is what stopped this loop
        }
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
