package io.ssdstream.cli.model;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A download's progress on the console: {@code ssd300_vgg16_coco-b556d3b4.pth [#########.......] 52% 70.6/135.9 MB
 * 11.8 MB/s ETA 0m05s}. On a terminal the line is redrawn in place a few times a second; into a file or a pipe a
 * plain line is printed every 10 seconds, so logs stay readable.
 *
 * <p>The trainer's {@code ProgressBar} counts training steps with loss and learning rate and is internal to the
 * trainer; a byte counter is a different view, and sharing one would put training vocabulary into downloads.
 */
final class DownloadProgress {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;
    private static final double MB = 1e6;

    private final PrintWriter out;
    private final boolean interactive;
    private final String what;
    private long total = -1;
    private long startBytes;
    private long startNanos;
    private long bytes;
    private long lastDraw;
    private boolean drawn;

    DownloadProgress(PrintWriter out, boolean interactive, String what) {
        this.out = out;
        this.interactive = interactive;
        this.what = what;
    }

    /** A response began: {@code offset} bytes are already held (a resumed download), {@code total} or -1. */
    synchronized void start(long offset, long total) {
        this.total = total;
        this.startBytes = offset;
        this.bytes = offset;
        this.startNanos = System.nanoTime();
        // a log gets the announcement below now and its first progress line one interval later
        this.lastDraw = interactive ? 0 : startNanos;
        if (!interactive) {
            out.println(what + ": " + (offset > 0 ? "resuming at " + megabytes(offset) + " MB of " : "downloading ")
                    + (total >= 0 ? megabytes(total) + " MB" : "an unknown size"));
            out.flush();
        }
    }

    synchronized void update(long bytesHeld) {
        bytes = bytesHeld;
        long now = System.nanoTime();
        if (now - lastDraw >= (interactive ? REDRAW_NANOS : LINE_NANOS)) {
            draw(now, false);
        }
    }

    /** The body is complete. */
    synchronized void finish() {
        if (total >= 0) {
            bytes = total;
        }
        draw(System.nanoTime(), true);
    }

    /** Ends an in-place line before an error is printed. */
    synchronized void interrupt() {
        if (interactive && drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }

    private void draw(long now, boolean last) {
        lastDraw = now;
        String line = line(now);
        if (interactive) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
            drawn = !last;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (bytes - startBytes) / seconds;
        StringBuilder line = new StringBuilder(what).append(' ');
        if (total > 0) {
            double fraction = Math.min(1, (double) bytes / total);
            int filled = (int) Math.round(fraction * WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% %s/%s MB", 100 * fraction, megabytes(bytes),
                            megabytes(total)));
        } else {
            line.append(megabytes(bytes)).append(" MB");
        }
        line.append(String.format(Locale.ROOT, " %.1f MB/s", rate / MB));
        if (total > 0 && rate > 0) {
            line.append(" ETA ").append(format(Duration.ofSeconds(Math.round((total - bytes) / rate))));
        }
        return line.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MB);
    }

    private static String format(Duration d) {
        return d.toMinutes() + "m" + String.format(Locale.ROOT, "%02ds", d.toSecondsPart());
    }
}
