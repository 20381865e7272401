package io.ssdstream.producer.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What FFmpeg is asked to open: a local file, or a network stream named by a URL with a scheme (rtsp, http, ...).
 * A {@code file://} URL counts as a local file.
 */
final class MediaAddress {

    private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#]*)(.*)$", Pattern.DOTALL);

    private final String input;
    private final String scheme;
    private final String described;

    private MediaAddress(String input, String scheme, String described) {
        this.input = input;
        this.scheme = scheme;
        this.described = described;
    }

    static MediaAddress parse(String fileOrUrl) {
        if (fileOrUrl == null || fileOrUrl.isBlank()) {
            throw new IllegalArgumentException("a video file or stream URL is required, got "
                    + (fileOrUrl == null ? "null" : "a blank string"));
        }
        Matcher url = URL.matcher(fileOrUrl);
        if (!url.matches()) {
            return new MediaAddress(fileOrUrl, null, fileOrUrl);
        }
        String scheme = url.group(1).toLowerCase(Locale.ROOT);
        String authority = url.group(2);
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        return new MediaAddress(fileOrUrl, scheme, url.group(1) + "://" + hostAndPort + url.group(3));
    }

    /** True for a stream from the network, false for a local file. */
    boolean isNetwork() {
        return scheme != null && !scheme.equals("file");
    }

    /** The lower-case URL scheme, empty for a plain file path. */
    Optional<String> scheme() {
        return Optional.ofNullable(scheme);
    }

    /** The local file; only for addresses that are not {@link #isNetwork() network} streams. */
    Path file() {
        if (isNetwork()) {
            throw new IllegalStateException(described + " is a network stream, not a file");
        }
        return scheme == null ? Path.of(input) : Path.of(URI.create(input));
    }

    /** The address exactly as given, credentials included: only for FFmpeg, never for logs. */
    String forFfmpeg() {
        return input;
    }

    /** The address without user name and password, for logs, errors and frame metadata. */
    @Override
    public String toString() {
        return described;
    }
}
