package io.ssdstream.job.decode;

import io.ssdstream.schemas.RejectReason;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.util.Objects;

/**
 * The outcome of decoding one frame: exactly one of a decoded image for the detector or a rejection for the
 * dead-letter topic.
 */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Rejected {

    /** The frame's pixels, packed RGB at the frame's declared size. */
    record Decoded(RgbFrame image) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(image, "image");
        }
    }

    /**
     * Why the frame cannot be processed.
     *
     * @param reason the dead-letter reason code
     * @param message for operators: names the camera, the frame sequence and what is wrong
     */
    record Rejected(RejectReason reason, String message) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
