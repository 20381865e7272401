package io.ssdstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetSpecTest {

    @Test
    void parsesEachFormat() {
        assertThat(DatasetSpec.parse("voc:/data/VOC2007:test"))
                .isEqualTo(new DatasetSpec(DatasetSpec.Kind.VOC, "/data/VOC2007", Optional.of("test")));
        assertThat(DatasetSpec.parse("coco:/data/instances.json"))
                .isEqualTo(new DatasetSpec(DatasetSpec.Kind.COCO, "/data/instances.json", Optional.empty()));
        assertThat(DatasetSpec.parse("synthetic:200:5").toString()).isEqualTo("synthetic:200:5");
        assertThat(DatasetSpec.parse("synthetic:200:5:simple").toString()).isEqualTo("synthetic:200:5:simple");
    }

    @Test
    void refusesMalformedSpecs() {
        assertThatThrownBy(() -> DatasetSpec.parse("/data/VOC2007")).hasMessageContaining("must be voc:DIR");
        assertThatThrownBy(() -> DatasetSpec.parse("yolo:/x")).hasMessageContaining("unknown format 'yolo'");
        assertThatThrownBy(() -> DatasetSpec.parse("synthetic:many")).hasMessageContaining("COUNT must be an integer");
        assertThatThrownBy(() -> DatasetSpec.parse("synthetic:5:x")).hasMessageContaining("SEED must be an integer");
        assertThatThrownBy(() -> DatasetSpec.parse("synthetic:5:1:hard")).hasMessageContaining("standard or simple");
    }

    @Test
    void syntheticScenesKeepTheirOwnClasses() throws Exception {
        DatasetSpec spec = DatasetSpec.parse("synthetic:3:1");
        assertThat(spec.open(Optional.empty()).size()).isEqualTo(3);
        assertThat(DatasetSpec.parse("synthetic:3:1:simple").open(Optional.empty()).description())
                .isEqualTo("synthetic:3:1:simple");
        assertThatThrownBy(() -> spec.open(Optional.of(ClassList.ofObjects(List.of("car")))))
                .hasMessageContaining("synthetic scenes have the classes");
    }
}
