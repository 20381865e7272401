package io.ssdstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsObjectsAsContinuousBoxesWithSortedClassesAndDifficultFlags() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("000001", "000002"))
                .annotation("000001", VocFixture.object("person", 1, 1, 10, 20, false)
                        + VocFixture.object("car", 5, 6, 30, 40, true))
                .annotation("000002", VocFixture.object("car", 2, 3, 4, 5, false))
                .image("000001").image("000002");

        DetectionDataset dataset = VocDataset.open(voc.root(), "trainval", Optional.empty());

        assertThat(dataset.size()).isEqualTo(2);
        assertThat(dataset.classes().names()).containsExactly("__background__", "car", "person");
        Sample first = dataset.load(0);
        assertThat(first.id()).isEqualTo("000001");
        assertThat(first.image().width()).isEqualTo(64);
        assertThat(first.objects()).containsExactly(
                new Annotation(2, new PixelBox(0, 0, 10, 20), false, false),
                new Annotation(1, new PixelBox(4, 5, 30, 40), true, false));
    }

    @Test
    void labelsWithAFixedClassList() throws Exception {
        VocFixture voc = new VocFixture(dir).split("val", List.of("a"))
                .annotation("a", VocFixture.object("car", 1, 1, 2, 2, false)).image("a");

        DetectionDataset dataset = VocDataset.open(voc.root(), "val",
                Optional.of(ClassList.ofObjects(List.of("person", "bus", "car"))));

        assertThat(dataset.load(0).objects().get(0).label()).isEqualTo(3);
    }

    @Test
    void namesTheFileAndElementOfABadCoordinate() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("bad"))
                .annotation("bad", VocFixture.object("car", 1, 1, 2, 2, false)
                        + "  <object><name>car</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>abc</xmax>"
                        + "<ymax>3</ymax></bndbox></object>\n");

        assertThatThrownBy(() -> VocDataset.open(voc.root(), "trainval", Optional.empty()))
                .isInstanceOf(AnnotationFormatException.class)
                .hasMessageContaining("Annotations/bad.xml")
                .hasMessageContaining("<annotation>/<object>[2]/<bndbox>/<xmax>")
                .hasMessageContaining("'abc' is not a number");
    }

    @Test
    void namesAMissingElement() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("bad"))
                .annotation("bad", "  <object><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>3</ymax>"
                        + "</bndbox></object>\n");

        assertThatThrownBy(() -> VocDataset.open(voc.root(), "trainval", Optional.empty()))
                .hasMessageContaining("bad.xml: <annotation>/<object>[1]/<name>: element is missing");
    }

    @Test
    void namesAnInvertedBox() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("bad"))
                .annotation("bad", VocFixture.object("car", 10, 1, 5, 3, false));

        assertThatThrownBy(() -> VocDataset.open(voc.root(), "trainval", Optional.empty()))
                .hasMessageContaining("<annotation>/<object>[1]/<bndbox>/<xmax>: xmax 5.0 is left of xmin 10.0");
    }

    @Test
    void namesTheLineOfBrokenXml() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("bad"))
                .rawAnnotation("bad", "<annotation>\n<object><name>car</name>\n</annotation>\n");

        assertThatThrownBy(() -> VocDataset.open(voc.root(), "trainval", Optional.empty()))
                .isInstanceOf(AnnotationFormatException.class)
                .hasMessageContaining("bad.xml: line 3")
                .hasMessageContaining("not well-formed XML");
    }

    @Test
    void namesAClassOutsideTheFixedList() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("a"))
                .annotation("a", VocFixture.object("dog", 1, 1, 2, 2, false));

        assertThatThrownBy(() -> VocDataset.open(voc.root(), "trainval",
                Optional.of(ClassList.ofObjects(List.of("car")))))
                .hasMessageContaining("a.xml: <annotation>/<object>[1]/<name>: class 'dog' is not one of");
    }

    @Test
    void refusesABadDifficultFlagAndAMissingSplit() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("a"))
                .annotation("a", "  <object><name>car</name><difficult>yes</difficult><bndbox><xmin>1</xmin>"
                        + "<ymin>1</ymin><xmax>2</xmax><ymax>3</ymax></bndbox></object>\n");

        assertThatThrownBy(() -> VocDataset.open(voc.root(), "trainval", Optional.empty()))
                .hasMessageContaining("<annotation>/<object>[1]/<difficult>: 'yes' is neither 0 nor 1");
        assertThatThrownBy(() -> VocDataset.open(voc.root(), "test", Optional.empty()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("test.txt");
    }

    @Test
    void reportsAnUnreadableImageOnLoad() throws Exception {
        VocFixture voc = new VocFixture(dir).split("trainval", List.of("good", "broken", "missing"))
                .annotation("good", "").annotation("broken", "").annotation("missing", "")
                .image("good").corruptImage("broken");
        DetectionDataset dataset = VocDataset.open(voc.root(), "trainval", Optional.of(ClassList.ofObjects(List.of("car"))));

        assertThat(dataset.load(0).image().height()).isEqualTo(48);
        assertThatThrownBy(() -> dataset.load(1)).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("broken.jpg");
        assertThatThrownBy(() -> dataset.load(2)).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("missing.jpg: no such file");
    }
}
