package io.ssdstream.tracking.motion;

import io.ssdstream.tracking.Box;
import org.apache.commons.math3.filter.DefaultMeasurementModel;
import org.apache.commons.math3.filter.DefaultProcessModel;
import org.apache.commons.math3.filter.KalmanFilter;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Constant-velocity Kalman motion of a box's centre and size, on commons-math3's {@link KalmanFilter}. The step is
 * the real capture time between frames, so a gap of missed frames is one longer prediction, not several.
 *
 * <p>Noise scales with the box's height, as in SORT and ByteTrack, so near (big) and far (small) objects are judged
 * alike. Process noise is the discretised white-noise acceleration model (q dt^3/3, q dt^2/2, q dt per axis), which
 * grows the uncertainty with the elapsed time rather than with a frame count.
 */
public final class ConstantVelocityModel {

    /** Measurement standard deviation as a fraction of the box height (ByteTrack's 1/20). */
    private static final double MEASUREMENT_STD = 0.05;
    /** Acceleration spectral density's square root, in box heights per second squared. */
    private static final double ACCELERATION_STD = 1.0;
    /** A new track's velocity uncertainty, in box heights per second: it could be going anywhere at walking pace. */
    private static final double INITIAL_VELOCITY_STD = 1.0;

    /** Where the size's velocities are in {@link BoxMotion#mean()}. */
    private static final int WIDTH_VELOCITY = 6;
    private static final int HEIGHT_VELOCITY = 7;

    private static final double[][] MEASUREMENT = new double[4][BoxMotion.DIM];

    static {
        for (int i = 0; i < 4; i++) {
            MEASUREMENT[i][i] = 1;
        }
    }

    private ConstantVelocityModel() {
    }

    /** A track's first estimate: at the detected box, not moving, unsure of its velocity. */
    public static BoxMotion start(Box box) {
        double h = box.height();
        double[] mean = {box.centreX(), box.centreY(), box.width(), h, 0, 0, 0, 0};
        double[] cov = new double[BoxMotion.DIM * BoxMotion.DIM];
        double pos = 2 * MEASUREMENT_STD * h;
        double vel = INITIAL_VELOCITY_STD * h;
        for (int i = 0; i < 4; i++) {
            cov[i * BoxMotion.DIM + i] = pos * pos;
            cov[(i + 4) * BoxMotion.DIM + i + 4] = vel * vel;
        }
        return new BoxMotion(mean, cov);
    }

    /**
     * The motion of a track that was just lost, from which it is predicted until it is seen again: the same, but
     * with its size no longer changing. A detector's box shrinks as its object goes behind another, and that is a
     * change of what is seen, not of the object: extrapolated over the time it stays hidden, it would shrink the
     * prediction to a sliver that the object coming out whole no longer overlaps. Where it moves is still predicted.
     */
    public static BoxMotion holdSize(BoxMotion motion) {
        double[] mean = motion.mean();
        mean[WIDTH_VELOCITY] = 0;
        mean[HEIGHT_VELOCITY] = 0;
        return new BoxMotion(mean, motion.covariance());
    }

    /** A filter positioned at {@code motion} and predicted {@code seconds} ahead; correct it if a box matched. */
    public static Prediction predict(BoxMotion motion, double seconds) {
        if (!(seconds >= 0 && Double.isFinite(seconds))) {
            throw new IllegalArgumentException("prediction step " + seconds + " s must be finite and >= 0");
        }
        double[] mean = motion.mean();
        double h = Math.max(1, mean[3]);
        double[][] transition = new double[BoxMotion.DIM][BoxMotion.DIM];
        double[][] processNoise = new double[BoxMotion.DIM][BoxMotion.DIM];
        double q = ACCELERATION_STD * h * ACCELERATION_STD * h;
        for (int i = 0; i < 4; i++) {
            transition[i][i] = 1;
            transition[i + 4][i + 4] = 1;
            transition[i][i + 4] = seconds;
            processNoise[i][i] = q * seconds * seconds * seconds / 3;
            processNoise[i][i + 4] = q * seconds * seconds / 2;
            processNoise[i + 4][i] = q * seconds * seconds / 2;
            processNoise[i + 4][i + 4] = q * seconds;
        }
        double r = MEASUREMENT_STD * h * MEASUREMENT_STD * h;
        double[][] measurementNoise = new double[4][4];
        for (int i = 0; i < 4; i++) {
            measurementNoise[i][i] = r;
        }
        double[][] cov = new double[BoxMotion.DIM][BoxMotion.DIM];
        double[] flat = motion.covariance();
        for (int i = 0; i < BoxMotion.DIM; i++) {
            System.arraycopy(flat, i * BoxMotion.DIM, cov[i], 0, BoxMotion.DIM);
        }
        KalmanFilter filter = new KalmanFilter(
                new DefaultProcessModel(new Array2DRowRealMatrix(transition, false), null,
                        new Array2DRowRealMatrix(processNoise, false), new ArrayRealVector(mean, false),
                        new Array2DRowRealMatrix(cov, false)),
                new DefaultMeasurementModel(MEASUREMENT, measurementNoise));
        filter.predict();
        return new Prediction(filter);
    }

    /** One frame's filter for one track: the predicted estimate, and the corrected one once a box matched it. */
    public static final class Prediction {
        private final KalmanFilter filter;

        private Prediction(KalmanFilter filter) {
            this.filter = filter;
        }

        public BoxMotion estimate() {
            RealMatrix cov = filter.getErrorCovarianceMatrix();
            double[] flat = new double[BoxMotion.DIM * BoxMotion.DIM];
            for (int i = 0; i < BoxMotion.DIM; i++) {
                System.arraycopy(cov.getRow(i), 0, flat, i * BoxMotion.DIM, BoxMotion.DIM);
            }
            return new BoxMotion(filter.getStateEstimation(), flat);
        }

        public Box box() {
            return estimate().box();
        }

        public BoxMotion correct(Box observed) {
            filter.correct(new double[] {observed.centreX(), observed.centreY(), observed.width(), observed.height()});
            return estimate();
        }
    }
}
