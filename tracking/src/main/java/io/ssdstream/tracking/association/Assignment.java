package io.ssdstream.tracking.association;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (the Hungarian method with potentials and shortest augmenting paths,
 * O(n^2 m)). Hand-written: neither commons-math3 nor EJML offers an assignment solver.
 *
 * <p>Pairs whose cost is above {@code maxCost} are gated out: they are never returned, and they cost the solver more
 * than any allowed set of pairs, so the result is the largest set of allowed pairs and, among those, the cheapest.
 */
public final class Assignment {

    private Assignment() {
    }

    /**
     * @param cost    rows x columns; rows may outnumber columns or the reverse
     * @param maxCost pairs costing more are not matched; {@code Double.POSITIVE_INFINITY} gates nothing, which
     *                makes the result a plain minimum-cost (or, with negated weights, maximum-weight) matching
     * @return for each row the column it is matched to, or -1
     */
    public static int[] solve(double[][] cost, double maxCost) {
        int rows = cost.length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0) {
            return result;
        }
        int cols = cost[0].length;
        if (cols == 0) {
            return result;
        }
        boolean transpose = rows > cols;
        int n = transpose ? cols : rows;
        int m = transpose ? rows : cols;
        // a gated pair costs more than all allowed pairs together, so one more allowed pair always wins
        double forbidden = Double.isInfinite(maxCost) ? maxCost : 1 + (Math.abs(maxCost) + 1) * (n + 1);
        double[][] a = new double[n][m];
        for (int i = 0; i < rows; i++) {
            if (cost[i].length != cols) {
                throw new IllegalArgumentException("cost row " + i + " has " + cost[i].length + " columns, not " + cols);
            }
            for (int j = 0; j < cols; j++) {
                double c = cost[i][j];
                if (Double.isNaN(c)) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is NaN");
                }
                double v = c > maxCost ? forbidden : c;
                if (transpose) {
                    a[j][i] = v;
                } else {
                    a[i][j] = v;
                }
            }
        }
        int[] rowOfCol = solveSquareOrWide(a, n, m);
        for (int j = 0; j < m; j++) {
            int i = rowOfCol[j];
            if (i < 0 || a[i][j] >= forbidden) {
                continue;
            }
            if (transpose) {
                result[j] = i;
            } else {
                result[i] = j;
            }
        }
        return result;
    }

    /** n <= m; returns for each column the row assigned to it or -1. Indices shifted by one inside, as usual. */
    private static int[] solveSquareOrWide(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowOfCol = new int[m];
        for (int j = 1; j <= m; j++) {
            rowOfCol[j - 1] = p[j] - 1;
        }
        return rowOfCol;
    }
}
