package io.ssdstream.trainer.train;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The per-step view of a run, on the console: {@code epoch 3/30 [#####.....] 52% step 780/1500 loss 4.213 lr 0.01
 * 18.4 img/s ETA 12m40s}. On a terminal one line is redrawn in place a few times a second; when the output is a
 * file or a pipe a plain line is printed every 30 seconds instead, so logs stay readable.
 */
final class ProgressBar {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long LINE_NANOS = 30_000_000_000L;
    private static final double SMOOTHING = 0.05;

    private final PrintWriter out;
    private final boolean interactive;
    private final long totalSteps;
    private long lastDraw;
    private double secondsPerStep = Double.NaN;
    private double imagesPerSecond = Double.NaN;

    ProgressBar(PrintWriter out, boolean interactive, long totalSteps) {
        this.out = out;
        this.interactive = interactive;
        this.totalSteps = totalSteps;
    }

    /** Records one finished step that took {@code seconds} for {@code images} images, and redraws when due. */
    void stepDone(long stepsDone, long epoch, int epochs, double loss, double learningRate, int images, double seconds) {
        secondsPerStep = Double.isNaN(secondsPerStep) ? seconds : (1 - SMOOTHING) * secondsPerStep + SMOOTHING * seconds;
        double rate = images / seconds;
        imagesPerSecond = Double.isNaN(imagesPerSecond) ? rate : (1 - SMOOTHING) * imagesPerSecond + SMOOTHING * rate;
        long now = System.nanoTime();
        boolean last = stepsDone == totalSteps;
        if (!last && now - lastDraw < (interactive ? REDRAW_NANOS : LINE_NANOS)) {
            return;
        }
        lastDraw = now;
        String line = line(stepsDone, epoch, epochs, loss, learningRate);
        if (interactive) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line before other output (a log line) is printed. */
    void interrupt() {
        if (interactive && lastDraw != 0) {
            out.println();
            out.flush();
            lastDraw = 0;
        }
    }

    private String line(long stepsDone, long epoch, int epochs, double loss, double learningRate) {
        double fraction = (double) stepsDone / totalSteps;
        int filled = (int) Math.round(fraction * WIDTH);
        Duration eta = Duration.ofSeconds(Math.round(secondsPerStep * (totalSteps - stepsDone)));
        return String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3.0f%% step %d/%d loss %.3f lr %.3g %.1f img/s ETA %s",
                Math.min(epoch + 1, epochs), epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * fraction,
                stepsDone, totalSteps, loss, learningRate, imagesPerSecond, format(eta));
    }

    private static String format(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + "h" + String.format(Locale.ROOT, "%02dm", d.toMinutesPart());
        }
        return d.toMinutes() + "m" + String.format(Locale.ROOT, "%02ds", d.toSecondsPart());
    }
}
