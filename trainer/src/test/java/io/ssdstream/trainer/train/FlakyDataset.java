package io.ssdstream.trainer.train;

import io.ssdstream.scenes.Sample;
import io.ssdstream.trainer.data.ClassList;
import io.ssdstream.trainer.data.DetectionDataset;
import io.ssdstream.trainer.data.SyntheticScenes;
import io.ssdstream.trainer.data.UnreadableImageException;
import java.nio.file.Path;
import java.util.Set;

/** Synthetic scenes of which some cannot be read, as a dataset with broken image files would behave. */
final class FlakyDataset implements DetectionDataset {

    private final SyntheticScenes scenes;
    private final Set<Integer> unreadable;

    FlakyDataset(int count, Set<Integer> unreadable) {
        this.scenes = new SyntheticScenes(count, 1);
        this.unreadable = unreadable;
    }

    @Override
    public String description() {
        return "flaky";
    }

    @Override
    public ClassList classes() {
        return scenes.classes();
    }

    @Override
    public int size() {
        return scenes.size();
    }

    @Override
    public Sample load(int index) throws UnreadableImageException {
        if (unreadable.contains(index)) {
            throw new UnreadableImageException(Path.of("images/" + index + ".jpg"), "cannot decode");
        }
        return scenes.load(index);
    }
}
