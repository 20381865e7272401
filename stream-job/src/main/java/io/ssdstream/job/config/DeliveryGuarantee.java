package io.ssdstream.job.config;

/** What the detections and dead-letter topics promise their consumers. */
public enum DeliveryGuarantee {
    /** Kafka transactions committed on checkpoints: a read_committed consumer sees every accepted frame once. */
    EXACTLY_ONCE,
    /** Flushed on checkpoints: no frame is lost, a replay after a failure may repeat some. */
    AT_LEAST_ONCE
}
