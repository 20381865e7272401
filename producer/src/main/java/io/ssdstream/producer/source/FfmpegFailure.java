package io.ssdstream.producer.source;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FrameGrabber;

/**
 * An operator's reading of a JavaCV grabber failure. JavaCV puts FFmpeg's numeric error code into a message written
 * for programmers ("avformat_open_input() error -111: ... (Has setFormat() been called?)"); FFmpeg's own text for the
 * code ("Connection refused") says what went wrong without the API advice.
 */
final class FfmpegFailure {

    private static final Pattern ERROR_CODE = Pattern.compile("\\berror (-\\d+)");
    private static final int MESSAGE_BYTES = 256;

    private FfmpegFailure() {}

    static String reason(FrameGrabber.Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher code = ERROR_CODE.matcher(message);
        if (!code.find()) {
            return message;
        }
        int errnum;
        try {
            errnum = Integer.parseInt(code.group(1));
        } catch (NumberFormatException tooLong) {
            return message;
        }
        byte[] text = new byte[MESSAGE_BYTES];
        if (avutil.av_strerror(errnum, text, text.length) < 0) {
            return message;
        }
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        return new String(text, 0, length, StandardCharsets.UTF_8) + " (FFmpeg error " + errnum + ")";
    }
}
