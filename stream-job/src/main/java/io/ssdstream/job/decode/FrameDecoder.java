package io.ssdstream.job.decode;

import io.ssdstream.job.decode.DecodeResult.Decoded;
import io.ssdstream.job.decode.DecodeResult.Rejected;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The {@code FrameDecoder}: turns one {@link VideoFrame} into packed RGB pixels for the detector, or into the reason
 * it must go to the dead-letter topic. Whatever the bytes, it answers and never throws, so one bad frame neither
 * fails the job nor vanishes.
 *
 * <p>Checks, in order, each rejecting with the {@code FrameRejected} reason code shown:
 * <ol>
 *   <li>the encoding is one this reader knows ({@code UNKNOWN} is a symbol from a newer writer):
 *       else {@code UNSUPPORTED_ENCODING};
 *   <li>the declared width and height are positive: else {@code UNDECODABLE};
 *   <li>declared pixels and image bytes are within the {@link DecodeLimits}: else {@code TOO_LARGE};
 *   <li>the image is not empty: else {@code UNDECODABLE};
 *   <li>raw frames hold exactly width * height * 3 bytes: else {@code UNDECODABLE};
 *   <li>JPEG and PNG: the {@link ImageHeader} probe finds a well-formed, complete stream of the declared format
 *       (else {@code UNDECODABLE}), a JPEG of no more scans than the limit (else {@code TOO_LARGE}), whose real
 *       pixels are within the limit and, for a JPEG, plausible for its byte count (else {@code TOO_LARGE}, before
 *       anything is allocated for them) and whose real size is the declared one (else {@code UNDECODABLE}); then
 *       OpenCV must decode it (else {@code UNDECODABLE}).
 * </ol>
 *
 * <p>Complete means the stream ends with its end marker, JPEG EOI ({@code FF D9}) or the PNG IEND chunk, optionally
 * followed by zero padding. OpenCV cannot be asked: libjpeg decodes a JPEG cut short "successfully", filling the
 * missing rows with grey and only printing a warning. Damage inside a complete stream is OpenCV's to judge: a JPEG
 * with corrupt entropy data may still decode, to damaged pixels, as it would in any viewer.
 *
 * <p>Stateless and thread-safe; it holds only its limits, so it is cheap to construct and to ship inside a Flink
 * function. The first JPEG or PNG loads OpenCV's native library (see {@link OpenCvNatives}); the frame's image buffer
 * is only read, never moved. On the good path it allocates the output pixels and OpenCV's matrices, nothing else.
 */
public final class FrameDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final DecodeLimits limits;

    public FrameDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Decodes one frame.
     *
     * @return the pixels, or the rejection naming camera, frame sequence and problem; never throws for any frame
     *     content, even fields left null by a hand-built frame
     * @throws IllegalStateException only when this machine cannot load OpenCV's native library, a fault of the
     *     TaskManager rather than of the frame (see {@link OpenCvNatives#ensureLoaded()})
     */
    public DecodeResult decode(VideoFrame frame) {
        FrameEncoding encoding = frame.getEncoding();
        if (!isSupported(encoding)) {
            return unsupported(frame, encoding);
        }
        int width = frame.getWidth();
        int height = frame.getHeight();
        if (width <= 0 || height <= 0) {
            return reject(frame, RejectReason.UNDECODABLE, "declared size " + width + "x" + height
                    + " is not an image size (width and height must be positive)");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            return reject(frame, RejectReason.TOO_LARGE, "declared " + width + "x" + height + " = " + pixels
                    + " pixels exceeds the " + limits.maxPixels() + "-pixel limit");
        }
        ByteBuffer image = frame.getImage();
        int length = image == null ? 0 : image.remaining();
        if (length > limits.maxEncodedBytes()) {
            return reject(frame, RejectReason.TOO_LARGE, encoding + " image is " + length + " bytes, above the "
                    + limits.maxEncodedBytes() + "-byte limit");
        }
        if (length == 0) {
            return reject(frame, RejectReason.UNDECODABLE, encoding + " image is empty (0 bytes)");
        }
        return switch (encoding) {
            case RAW_RGB24, RAW_BGR24 -> decodeRaw(frame, encoding, image, width, height);
            case JPEG, PNG -> decodeCompressed(frame, encoding, image, width, height);
            default -> unsupported(frame, encoding);
        };
    }

    private static Rejected unsupported(VideoFrame frame, FrameEncoding encoding) {
        return reject(frame, RejectReason.UNSUPPORTED_ENCODING, "encoding " + encoding
                + " is not supported (an encoding this reader does not know; supported are JPEG, PNG, RAW_RGB24"
                + " and RAW_BGR24)");
    }

    private static boolean isSupported(FrameEncoding encoding) {
        return encoding == FrameEncoding.JPEG || encoding == FrameEncoding.PNG
                || encoding == FrameEncoding.RAW_RGB24 || encoding == FrameEncoding.RAW_BGR24;
    }

    private static DecodeResult decodeRaw(VideoFrame frame, FrameEncoding encoding, ByteBuffer image, int width,
            int height) {
        long expected = (long) width * height * 3;
        if (image.remaining() != expected) {
            return reject(frame, RejectReason.UNDECODABLE, encoding + " image of " + width + "x" + height
                    + " needs " + expected + " bytes (3 per pixel), got " + image.remaining()
                    + lookalikeHint(image, encoding));
        }
        byte[] rgb = encoding == FrameEncoding.RAW_BGR24 ? RawPixels.copyBgrAsRgb(image) : RawPixels.copyRgb(image);
        return new Decoded(new RgbFrame(width, height, rgb));
    }

    private DecodeResult decodeCompressed(VideoFrame frame, FrameEncoding encoding, ByteBuffer image, int width,
            int height) {
        long probe = ImageHeader.probe(encoding, image, limits.maxJpegScans());
        if (ImageHeader.isFault(probe)) {
            HeaderFault fault = ImageHeader.faultOf(probe);
            if (fault == HeaderFault.TOO_MANY_SCANS) {
                return reject(frame, RejectReason.TOO_LARGE, "the JPEG holds more scans than the limit of "
                        + limits.maxJpegScans() + " (each scan is another pass over every block)");
            }
            return reject(frame, RejectReason.UNDECODABLE, "image is not a valid " + encoding + ": "
                    + fault.description() + lookalikeHint(image, encoding));
        }
        int realWidth = ImageHeader.width(probe);
        int realHeight = ImageHeader.height(probe);
        long realPixels = (long) realWidth * realHeight;
        if (realPixels > limits.maxPixels()) {
            return reject(frame, RejectReason.TOO_LARGE, "the " + encoding + " header says " + realWidth + "x"
                    + realHeight + " = " + realPixels + " pixels, which exceeds the " + limits.maxPixels()
                    + "-pixel limit (declared " + width + "x" + height + ")");
        }
        int length = image.remaining();
        if (encoding == FrameEncoding.JPEG && realPixels > (long) limits.maxJpegPixelsPerByte() * length) {
            return reject(frame, RejectReason.TOO_LARGE, "the JPEG header says " + realWidth + "x" + realHeight
                    + " = " + realPixels + " pixels in " + length + " bytes, " + realPixels / length
                    + " pixels per byte, above the limit of " + limits.maxJpegPixelsPerByte()
                    + " (no real JPEG compresses that far)");
        }
        if (realWidth != width || realHeight != height) {
            return reject(frame, RejectReason.UNDECODABLE, "declared size " + width + "x" + height
                    + " does not match the " + encoding + " header's " + realWidth + "x" + realHeight);
        }
        RgbFrame rgb = OpenCvImageDecoder.decode(image, width, height);
        if (rgb == null) {
            return reject(frame, RejectReason.UNDECODABLE, "OpenCV could not decode the " + encoding
                    + " data into a " + width + "x" + height + " colour image (corrupt image data)");
        }
        return new Decoded(rgb);
    }

    /** Names the format the bytes look like when it is not the declared one, as mislabelled frames are common. */
    private static String lookalikeHint(ByteBuffer image, FrameEncoding declared) {
        FrameEncoding lookalike = ImageHeader.lookalike(image);
        return lookalike == null || lookalike == declared ? "" : "; the bytes look like a " + lookalike;
    }

    private static Rejected reject(VideoFrame frame, RejectReason reason, String problem) {
        return new Rejected(reason, "camera " + frame.getCameraId() + " frame " + frame.getFrameSequence() + ": "
                + problem);
    }
}
