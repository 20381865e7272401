package io.ssdstream.trainer.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code training.csv}: one row per step — learning rate, the loss and its two terms, the gradient norm, cumulative
 * training time —
 * with the validation metrics on the rows of the steps after which validation ran. A resumed run first cuts the
 * file back to its checkpoint's step, so the log of an interrupted run reads like that of an uninterrupted one.
 */
final class TrainingLog implements AutoCloseable {

    static final String FILE = "training.csv";
    private static final String HEADER = "step,epoch,learning_rate,loss,box_regression,classification,gradient_norm,"
            + "images,seconds,val_voc_map50,val_voc_map50_11pt,val_coco_ap,val_coco_ap50";

    /** One step. Validation fields are null on steps without validation. */
    record Row(long step, long epoch, double learningRate, double loss, double boxRegression, double classification,
            double gradientNorm, int images, double seconds, Double vocMap50, Double vocMap50ElevenPoint, Double cocoAp,
            Double cocoAp50) {

        Row withValidation(Double map50, Double map50ElevenPoint, Double ap, Double ap50) {
            return new Row(step, epoch, learningRate, loss, boxRegression, classification, gradientNorm, images, seconds,
                    map50, map50ElevenPoint, ap, ap50);
        }

        String csv() {
            return String.format(Locale.ROOT, "%d,%d,%.6g,%.6f,%.6f,%.6f,%.6g,%d,%.3f,%s,%s,%s,%s", step, epoch,
                    learningRate, loss, boxRegression, classification, gradientNorm, images, seconds, cell(vocMap50),
                    cell(vocMap50ElevenPoint), cell(cocoAp), cell(cocoAp50));
        }

        static Row parse(String line) {
            String[] f = line.split(",", -1);
            return new Row(Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    Integer.parseInt(f[7]), Double.parseDouble(f[8]), number(f[9]), number(f[10]), number(f[11]),
                    number(f[12]));
        }

        private static String cell(Double value) {
            return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
        }

        private static Double number(String cell) {
            return cell.isEmpty() ? null : Double.valueOf(cell);
        }
    }

    private final List<Row> rows;
    private final BufferedWriter writer;

    private TrainingLog(List<Row> rows, BufferedWriter writer) {
        this.rows = rows;
        this.writer = writer;
    }

    /** Opens the run's log keeping the rows of steps up to {@code lastStep} (0 for a new run). */
    static TrainingLog open(Path runDirectory, long lastStep) throws IOException {
        Path file = runDirectory.resolve(FILE);
        List<Row> kept = new ArrayList<>();
        if (lastStep > 0 && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("step,")) {
                    Row row = Row.parse(line);
                    if (row.step() <= lastStep) {
                        kept.add(row);
                    }
                }
            }
        }
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        writer.write(HEADER);
        writer.newLine();
        for (Row row : kept) {
            writer.write(row.csv());
            writer.newLine();
        }
        writer.flush();
        return new TrainingLog(kept, writer);
    }

    void append(Row row) throws IOException {
        rows.add(row);
        writer.write(row.csv());
        writer.newLine();
        writer.flush();
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
