package io.ssdstream.tracking.motion;

import io.ssdstream.tracking.Box;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A track's motion estimate as plain numbers, so it can live in keyed state: the mean of
 * (centre x, centre y, width, height) and their velocities in pixels per second, and its 8x8 covariance row by row.
 */
public record BoxMotion(double[] mean, double[] covariance) implements Serializable {

    public static final int DIM = 8;

    public BoxMotion {
        if (mean.length != DIM || covariance.length != DIM * DIM) {
            throw new IllegalArgumentException("motion state needs " + DIM + " means and " + DIM * DIM
                    + " covariances, got " + mean.length + " and " + covariance.length);
        }
        mean = mean.clone();
        covariance = covariance.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    /** The box at the mean; sides are kept at least a pixel so a shrinking prediction stays a box. */
    public Box box() {
        return Box.ofCentre(mean[0], mean[1], Math.max(1, mean[2]), Math.max(1, mean[3]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoxMotion m && Arrays.equals(mean, m.mean) && Arrays.equals(covariance, m.covariance);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(covariance);
    }

    @Override
    public String toString() {
        return "BoxMotion" + Arrays.toString(mean);
    }
}
