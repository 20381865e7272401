package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.preprocess.Normalization;
import io.ssdstream.trainer.augment.SsdAugmentation;
import io.ssdstream.trainer.data.SyntheticScenes;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    private static final InputEncoder ENCODER = new InputEncoder(300, Normalization.TORCHVISION_SSD);

    @Test
    void batchesDependOnSeedAndStepOnlyNotOnWorkers() throws Exception {
        SyntheticScenes scenes = new SyntheticScenes(6, 3);
        try (BatchLoader one = new BatchLoader(scenes, new SsdAugmentation(), ENCODER, 17, 2, 1);
                BatchLoader three = new BatchLoader(scenes, new SsdAugmentation(), ENCODER, 17, 2, 3);
                BatchLoader resumed = new BatchLoader(scenes, new SsdAugmentation(), ENCODER, 17, 2, 2)) {
            assertThat(one.stepsPerEpoch()).isEqualTo(3);
            for (long step = 0; step < 5; step++) {
                Batch a = one.batch(step);
                Batch b = three.batch(step);
                assertThat(b.pixels()).isEqualTo(a.pixels());
                assertThat(b.targets()).isEqualTo(a.targets());
            }
            // a loader that starts at step 4, as after a resume, sees the same batch
            assertThat(resumed.batch(4).targets()).isEqualTo(one.batch(4).targets());
        }
    }

    @Test
    void anEpochVisitsEveryImageOnceInANewOrderEachEpoch() throws Exception {
        SyntheticScenes scenes = new SyntheticScenes(4, 3);
        try (BatchLoader loader = new BatchLoader(scenes, (s, r) -> s, ENCODER, 5, 2, 2);
                BatchLoader other = new BatchLoader(scenes, (s, r) -> s, ENCODER, 6, 2, 2)) {
            Set<Object> epoch0 = new java.util.HashSet<>();
            epoch0.addAll(loader.batch(0).targets());
            epoch0.addAll(loader.batch(1).targets());
            assertThat(epoch0).hasSize(4);
            assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(i -> ENCODER.encode(scenes.load(i)).target()))
                    .allMatch(epoch0::contains);
            assertThat(other.batch(0).targets()).isNotEqualTo(loader.batch(0).targets());
        }
    }

    @Test
    void unreadableImagesAreSkippedAndCounted() throws Exception {
        try (BatchLoader loader = new BatchLoader(new FlakyDataset(6, Set.of(2, 4)), (s, r) -> s, ENCODER, 1, 3, 2)) {
            int images = loader.batch(0).images() + loader.batch(1).images();
            int skipped = loader.batch(2).skipped() + loader.batch(3).skipped();

            assertThat(images).isEqualTo(4);
            assertThat(skipped).isEqualTo(2);
            assertThat(loader.skippedImages()).isEqualTo(4);
        }
    }
}
