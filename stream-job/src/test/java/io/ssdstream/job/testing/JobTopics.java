package io.ssdstream.job.testing;

/** The topics of one detection job run with tracking and analytics, named after the run and created on the broker. */
public record JobTopics(String frames, String detections, String rejected, String objects, String configs,
                        String zoneEvents, String crossings, String counts) {

    public static JobTopics create(EmbeddedKafka kafka, String name) throws Exception {
        JobTopics topics = new JobTopics(name + "-frames", name + "-detections", name + "-rejected",
                name + "-objects", name + "-configs", name + "-zone-events", name + "-crossings", name + "-counts");
        // one frames partition: the watermark then follows the capture times of every camera
        kafka.createTopic(topics.frames, 1);
        kafka.createTopic(topics.detections, 2);
        kafka.createTopic(topics.rejected, 1);
        kafka.createTopic(topics.objects, 2);
        kafka.createTopic(topics.configs, 1);
        kafka.createTopic(topics.zoneEvents, 2);
        kafka.createTopic(topics.crossings, 2);
        kafka.createTopic(topics.counts, 2);
        return topics;
    }
}
