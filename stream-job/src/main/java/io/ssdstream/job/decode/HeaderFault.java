package io.ssdstream.job.decode;

/**
 * Why an {@link ImageHeader} probe found no usable JPEG or PNG; each description completes "the image is not a valid
 * JPEG: ...", except for {@link #TOO_MANY_SCANS}, a decode limit that {@link FrameDecoder} words itself.
 */
enum HeaderFault {
    NOT_PNG("it does not start with the PNG signature"),
    NO_IHDR("its first chunk is not a 13-byte IHDR chunk"),
    NOT_JPEG("it does not start with the JPEG start-of-image marker FF D8"),
    BAD_MARKER("its header holds a malformed marker segment"),
    NO_FRAME_HEADER("its first scan (SOS) comes before any frame header (SOFn)"),
    NO_SCAN("its end-of-image marker (EOI) comes before any scan (SOS)"),
    HEADER_CUT("it ends inside its header, so it is truncated"),
    NO_SIZE("its header declares a zero width or height, or one beyond 2^31 - 1"),
    NO_JPEG_END("it does not end with the end-of-image marker FF D9, so it is truncated "
            + "(or followed by bytes other than zero padding)"),
    NO_PNG_END("it does not end with an IEND chunk, so it is truncated (or followed by bytes other than zero padding)"),
    TOO_MANY_SCANS("it holds more scans (SOS markers) than the limit");

    private static final HeaderFault[] BY_ORDINAL = values();

    private final String description;

    HeaderFault(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    static HeaderFault byOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
