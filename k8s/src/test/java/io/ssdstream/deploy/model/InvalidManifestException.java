package io.ssdstream.deploy.model;

/** A manifest that its controller would reject or misread; the message names the file and the field. */
public final class InvalidManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
