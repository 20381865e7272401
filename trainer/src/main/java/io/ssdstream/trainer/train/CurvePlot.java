package io.ssdstream.trainer.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * {@code curves.png}: training loss per step (raw in grey, a moving average in colour) beside validation VOC
 * mAP@0.5 and COCO AP@[.5:.95] at each validation, both against the step.
 */
final class CurvePlot {

    static final String FILE = "curves.png";

    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 400;
    private static final int MARGIN_LEFT = 62;
    private static final int MARGIN_RIGHT = 18;
    private static final int MARGIN_TOP = 34;
    private static final int MARGIN_BOTTOM = 46;
    private static final Color LOSS = new Color(31, 119, 180);
    private static final Color VOC = new Color(214, 39, 40);
    private static final Color COCO = new Color(44, 160, 44);

    private record Series(String name, Color color, List<double[]> points, boolean markers) {}

    private CurvePlot() {}

    static void write(List<TrainingLog.Row> rows, Path runDirectory) throws IOException {
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * PANEL_WIDTH, HEIGHT);
        double lastStep = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1).step());
        List<double[]> raw = points(rows, TrainingLog.Row::loss);
        panel(g, 0, "training loss", lastStep, List.of(
                new Series("loss", new Color(200, 200, 200), raw, false),
                new Series("moving average", LOSS, movingAverage(raw, Math.max(1, raw.size() / 50)), false)));
        List<TrainingLog.Row> validated = rows.stream().filter(r -> r.vocMap50() != null).toList();
        panel(g, PANEL_WIDTH, "validation", lastStep, List.of(
                new Series("VOC mAP@0.5", VOC, points(validated, TrainingLog.Row::vocMap50), true),
                new Series("COCO AP@[.5:.95]", COCO, points(validated, r -> r.cocoAp() == null ? 0 : r.cocoAp()), true)));
        g.dispose();
        ImageIO.write(image, "png", runDirectory.resolve(FILE).toFile());
    }

    private static List<double[]> points(List<TrainingLog.Row> rows, ToDoubleFunction<TrainingLog.Row> value) {
        List<double[]> points = new ArrayList<>(rows.size());
        for (TrainingLog.Row row : rows) {
            points.add(new double[] {row.step(), value.applyAsDouble(row)});
        }
        return points;
    }

    private static List<double[]> movingAverage(List<double[]> points, int window) {
        List<double[]> smooth = new ArrayList<>(points.size());
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i)[1];
            if (i >= window) {
                sum -= points.get(i - window)[1];
            }
            smooth.add(new double[] {points.get(i)[0], sum / Math.min(i + 1, window)});
        }
        return smooth;
    }

    private static void panel(Graphics2D g, int left, String title, double lastStep, List<Series> series) {
        double top = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                top = Math.max(top, p[1]);
            }
        }
        top = top > 0 ? niceCeiling(top) : 1;
        int x0 = left + MARGIN_LEFT;
        int x1 = left + PANEL_WIDTH - MARGIN_RIGHT;
        int y0 = HEIGHT - MARGIN_BOTTOM;
        int y1 = MARGIN_TOP;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 5; k++) {
            int y = y0 - (y0 - y1) * k / 5;
            int x = x0 + (x1 - x0) * k / 5;
            g.setColor(new Color(235, 235, 235));
            g.drawLine(x0, y, x1, y);
            g.drawLine(x, y0, x, y1);
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(top * k / 5), left + 8, y + 4);
            g.drawString(format(lastStep * k / 5), x - 12, y0 + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, y1, x1 - x0, y0 - y1);
        g.drawString("step", (x0 + x1) / 2 - 10, HEIGHT - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x0, MARGIN_TOP - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int legendY = y1 + 16;
        for (Series s : series) {
            Path2D.Double line = new Path2D.Double();
            for (int i = 0; i < s.points().size(); i++) {
                double[] p = s.points().get(i);
                double x = x0 + (x1 - x0) * p[0] / lastStep;
                double y = y0 - (y0 - y1) * Math.min(p[1], top) / top;
                if (i == 0) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
                if (s.markers()) {
                    g.setColor(s.color());
                    g.fillOval((int) x - 3, (int) y - 3, 6, 6);
                }
            }
            g.setColor(s.color());
            g.setStroke(new BasicStroke(1.6f));
            g.draw(line);
            g.drawLine(x1 - 150, legendY - 4, x1 - 130, legendY - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name(), x1 - 124, legendY);
            legendY += 16;
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}. */
    private static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= value) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
