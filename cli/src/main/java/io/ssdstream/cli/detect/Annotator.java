package io.ssdstream.cli.detect;

import io.ssdstream.ssd.postprocess.DetectedObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** Draws detections onto a copy of an image: a box per detection, its label and score above it. */
final class Annotator {

    private Annotator() {}

    static BufferedImage draw(BufferedImage source, List<DetectedObject> detections) {
        BufferedImage canvas = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float stroke = Math.max(2f, Math.min(source.getWidth(), source.getHeight()) / 200f);
            g.setStroke(new BasicStroke(stroke));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, Math.round(stroke * 6))));
            FontMetrics metrics = g.getFontMetrics();
            for (DetectedObject d : detections) {
                Color color = colorOf(d.classId());
                int x = Math.round(d.xMin());
                int y = Math.round(d.yMin());
                g.setColor(color);
                g.drawRect(x, y, Math.round(d.xMax() - d.xMin()), Math.round(d.yMax() - d.yMin()));
                String caption = String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
                int textY = Math.max(metrics.getAscent(), y - 2);
                g.fillRect(x, textY - metrics.getAscent(), metrics.stringWidth(caption) + 4, metrics.getHeight());
                g.setColor(Color.WHITE);
                g.drawString(caption, x + 2, textY);
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /** A stable, well-separated colour per class (golden-angle hues). */
    private static Color colorOf(int classId) {
        return Color.getHSBColor((classId * 0.618034f) % 1f, 0.85f, 0.9f);
    }
}
