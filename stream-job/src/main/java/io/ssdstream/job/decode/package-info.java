/**
 * Frame decoding and validation for the detection job, free of Flink: {@link io.ssdstream.job.decode.FrameDecoder}
 * turns each {@code VideoFrame} into packed RGB pixels or a dead-letter reason, within
 * {@link io.ssdstream.job.decode.DecodeLimits}.
 */
package io.ssdstream.job.decode;
