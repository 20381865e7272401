package io.ssdstream.trainer.data;

import io.ssdstream.scenes.Sample;
import java.util.List;
import java.util.stream.Collectors;

/** The images of several datasets with the same classes, one after another (training shuffles them). */
final class ConcatenatedDataset implements DetectionDataset {

    private final List<DetectionDataset> parts;
    private final int size;

    /** @param parts datasets labelled with one class list ({@link DatasetSpec} opens all with the first one's) */
    ConcatenatedDataset(List<DetectionDataset> parts) {
        this.parts = List.copyOf(parts);
        this.size = Math.toIntExact(parts.stream().mapToLong(DetectionDataset::size).sum());
    }

    @Override
    public String description() {
        return parts.stream().map(DetectionDataset::description).collect(Collectors.joining("+"));
    }

    @Override
    public ClassList classes() {
        return parts.get(0).classes();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Sample load(int index) throws UnreadableImageException {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("image " + index + " of " + size);
        }
        int rest = index;
        for (DetectionDataset part : parts) {
            if (rest < part.size()) {
                return part.load(rest);
            }
            rest -= part.size();
        }
        throw new AssertionError("index " + index + " checked against the size " + size);
    }
}
