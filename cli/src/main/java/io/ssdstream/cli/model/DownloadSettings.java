package io.ssdstream.cli.model;

import java.time.Duration;

/**
 * How {@code model pull} talks to a server.
 *
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest wait for the response headers, and for the next bytes of the body once it flows
 * @param maxBytes the largest file accepted; a server announcing or sending more is refused before the disk fills
 */
record DownloadSettings(Duration connectTimeout, Duration readTimeout, long maxBytes) {

    /** torchvision's SSD300 checkpoint is 136 MiB (35.6 M float32 parameters); 4 GiB leaves room for larger ones. */
    static final DownloadSettings DEFAULTS = new DownloadSettings(Duration.ofSeconds(15), Duration.ofSeconds(30),
            4L << 30);

    DownloadSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("download timeouts must be positive, got connect " + connectTimeout
                    + " and read " + readTimeout);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the download size limit must be positive, got " + maxBytes);
        }
    }
}
