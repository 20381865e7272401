package io.ssdstream.job.frame;

/**
 * A frame of a camera that the job shed without looking at it (too old to be worth detecting), as the tracker learns
 * of it: in order with the camera's detection events, so the tracker knows the camera was sending while its objects
 * went unseen, and its lost tracks do not age for the job's own overload.
 *
 * @param cameraId          the camera
 * @param captureTimeMillis when the frame was captured, epoch milliseconds
 */
public record ShedFrame(String cameraId, long captureTimeMillis) {
}
