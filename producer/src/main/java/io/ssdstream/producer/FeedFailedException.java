package io.ssdstream.producer;

/** A camera feed stopped because its source failed; the message names the camera and the source's reason. */
public final class FeedFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FeedFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
