package io.ssdstream.job.testing;

import io.ssdstream.kafka.local.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The test's view of a {@link LocalKafka} broker: topic creation, a producer, and a read_committed reader that
 * also catches records beyond the expected count.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final LocalKafka broker;

    private EmbeddedKafka(LocalKafka broker) {
        this.broker = broker;
    }

    public static EmbeddedKafka start() throws Exception {
        return new EmbeddedKafka(LocalKafka.start());
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public void createTopic(String name, int partitions) throws Exception {
        broker.createTopic(name, partitions);
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    public void send(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Takes the broker down, keeping its data and port: see {@link LocalKafka#stopBroker()}. */
    public void stopBroker() {
        broker.stopBroker();
    }

    public void restartBroker() throws Exception {
        broker.restartBroker();
    }

    /** Transaction markers in a topic's log, all partitions: each one ends one transaction on one partition. */
    public record TransactionMarkers(int commits, int aborts) {}

    /**
     * Counts the commit and abort markers the broker wrote into the topic's log segments. Read from the files, not
     * through a consumer: consumers never hand out control records, so this is the only place an abort is visible.
     */
    public TransactionMarkers transactionMarkers(String topic) {
        int commits = 0;
        int aborts = 0;
        for (Path segment : segments(topic)) {
            MemoryRecords records;
            try {
                records = MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(segment)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (RecordBatch batch : records.batches()) {
                if (!batch.isControlBatch()) {
                    continue;
                }
                for (Record marker : batch) {
                    switch (ControlRecordType.parse(marker.key())) {
                        case COMMIT -> commits++;
                        case ABORT -> aborts++;
                        default -> { }
                    }
                }
            }
        }
        return new TransactionMarkers(commits, aborts);
    }

    private List<Path> segments(String topic) {
        List<Path> segments = new ArrayList<>();
        for (Path logDirectory : broker.logDirectories()) {
            try (Stream<Path> partitions = Files.list(logDirectory)) {
                for (Path partition : partitions.filter(p -> p.getFileName().toString().matches(
                        java.util.regex.Pattern.quote(topic) + "-\\d+")).toList()) {
                    try (Stream<Path> files = Files.list(partition)) {
                        files.filter(f -> f.getFileName().toString().endsWith(".log")).forEach(segments::add);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalStateException("no log segment of topic " + topic + " in " + broker.logDirectories());
        }
        return segments;
    }

    /**
     * Waits until a transaction holds records of the topic that are neither committed nor aborted yet: some
     * partition's high watermark is past its last stable offset. A producer killed now leaves output that a
     * read_committed reader must never see.
     */
    public void awaitUncommittedRecords(String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(info -> new TopicPartition(topic, info.partition()),
                            info -> OffsetSpec.latest()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, Long> stable = endOffsets(admin, latest, IsolationLevel.READ_COMMITTED);
                Map<TopicPartition, Long> written = endOffsets(admin, latest, IsolationLevel.READ_UNCOMMITTED);
                if (written.entrySet().stream().anyMatch(end -> end.getValue() > stable.get(end.getKey()))) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no uncommitted record of " + topic + " within " + timeout);
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Map<TopicPartition, OffsetSpec> latest,
                                                        IsolationLevel isolation) throws Exception {
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
    }

    /**
     * Reads the topic from the beginning with {@code isolation.level=read_committed} until {@code expected}
     * records arrived or the timeout passed, then reads on for {@code quiet} to catch any extra (duplicate) records.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected, Duration timeout,
                                                              Duration quiet) {
        return read(topic, records -> records.size() >= expected, timeout, quiet);
    }

    /**
     * Reads the topic from the beginning with {@code isolation.level=read_committed} until {@code done} holds for
     * what was read or the timeout passed.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommittedUntil(String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        return read(topic, done, timeout, Duration.ZERO);
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout, Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long quietEnd = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietEnd) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
