package io.ssdstream.job.frame;

import java.io.Serializable;

/**
 * Where a record was read: topic, partition and offset. Every dead letter names it so an operator can find the
 * original message.
 */
public final class SourcePosition implements Serializable {

    private static final long serialVersionUID = 1L;

    public String topic;
    public int partition;
    public long offset;

    public SourcePosition() {}

    public SourcePosition(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
