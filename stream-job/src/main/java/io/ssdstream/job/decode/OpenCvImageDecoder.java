package io.ssdstream.job.decode;

import io.ssdstream.ssd.preprocess.RgbFrame;
import java.nio.ByteBuffer;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Decodes JPEG or PNG bytes into packed RGB with OpenCV's codecs; every native buffer is released before returning. */
final class OpenCvImageDecoder {

    /**
     * Three 8-bit channels whatever the file holds (alpha dropped, grey expanded, 16-bit reduced), and EXIF orientation
     * ignored: a rotated raster would no longer have the size that the header and the frame declare.
     */
    private static final int READ_FLAGS = Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION;

    private OpenCvImageDecoder() {
    }

    /**
     * Decodes {@code encoded} from its position to its limit, leaving the buffer untouched.
     *
     * @return the pixels, or {@code null} when OpenCV cannot decode the bytes into a {@code width} x {@code height}
     *     colour image
     */
    static RgbFrame decode(ByteBuffer encoded, int width, int height) {
        OpenCvNatives.ensureLoaded();
        Mat source = encodedMat(encoded);
        Mat bgr = null;
        Mat rgb = null;
        try {
            bgr = Imgcodecs.imdecode(source, READ_FLAGS);
            if (bgr.empty() || bgr.cols() != width || bgr.rows() != height || bgr.type() != CvType.CV_8UC3) {
                return null;
            }
            rgb = new Mat();
            Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
            byte[] pixels = new byte[width * height * 3];
            rgb.get(0, 0, pixels);
            return new RgbFrame(width, height, pixels);
        } catch (CvException e) {
            // imdecode catches its codecs' errors itself; anything OpenCV still raises is about these bytes.
            return null;
        } finally {
            release(rgb);
            release(bgr);
            release(source);
        }
    }

    private static Mat encodedMat(ByteBuffer encoded) {
        int length = encoded.remaining();
        Mat mat = new Mat(1, length, CvType.CV_8UC1);
        if (encoded.hasArray()) {
            mat.put(0, 0, encoded.array(), encoded.arrayOffset() + encoded.position(), length);
        } else {
            // Direct and read-only buffers expose no array; Avro's decoder never produces them, so the copy is rare.
            byte[] copy = new byte[length];
            encoded.get(encoded.position(), copy);
            mat.put(0, 0, copy);
        }
        return mat;
    }

    private static void release(Mat mat) {
        if (mat != null) {
            mat.release();
        }
    }
}
