package io.ssdstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoDatasetTest {

    @TempDir
    Path dir;

    private static final String CATEGORIES =
            "\"categories\": [{\"id\": 18, \"name\": \"dog\"}, {\"id\": 3, \"name\": \"car\"}]";

    private Path write(String json) throws Exception {
        return Files.writeString(dir.resolve("instances.json"), json);
    }

    @Test
    void mapsCategoriesToContiguousLabelsInIdOrderAndBoxesToCorners() throws Exception {
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR), "png", dir.resolve("a.png").toFile());
        Path json = write("{\"images\": [{\"id\": 7, \"file_name\": \"a.png\"}, {\"id\": 9, \"file_name\": \"b.png\"}],"
                + "\"annotations\": ["
                + "{\"id\": 1, \"image_id\": 7, \"category_id\": 18, \"bbox\": [1.5, 2, 10, 20], \"iscrowd\": 0},"
                + "{\"id\": 2, \"image_id\": 7, \"category_id\": 3, \"bbox\": [0, 0, 5, 5], \"iscrowd\": 1}],"
                + CATEGORIES + "}");

        DetectionDataset dataset = CocoDataset.open(json, dir, Optional.empty());

        assertThat(dataset.classes().names()).containsExactly("__background__", "car", "dog");
        assertThat(dataset.size()).isEqualTo(2);
        Sample first = dataset.load(0);
        assertThat(first.id()).isEqualTo("7");
        assertThat(first.image().width()).isEqualTo(40);
        assertThat(first.objects()).containsExactly(
                new Annotation(2, new PixelBox(1.5f, 2, 11.5f, 22), false, false),
                new Annotation(1, new PixelBox(0, 0, 5, 5), false, true));
        assertThatThrownBy(() -> dataset.load(1)).isInstanceOf(UnreadableImageException.class);
    }

    @Test
    void namesTheJsonPointerOfAShortBox() throws Exception {
        Path json = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": ["
                + "{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, 5, 5]},"
                + "{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, 5]}], " + CATEGORIES + "}");

        assertThatThrownBy(() -> CocoDataset.open(json, dir, Optional.empty()))
                .isInstanceOf(AnnotationFormatException.class)
                .hasMessageContaining("instances.json: /annotations/1/bbox: must hold 4 numbers");
    }

    @Test
    void namesMistypedAndDanglingFields() throws Exception {
        Path badNumber = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": ["
                + "{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0, \"x\", 5, 5]}], " + CATEGORIES + "}");
        assertThatThrownBy(() -> CocoDataset.open(badNumber, dir, Optional.empty()))
                .hasMessageContaining("/annotations/0/bbox/1: must be a number");

        Path dangling = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": ["
                + "{\"image_id\": 2, \"category_id\": 3, \"bbox\": [0, 0, 5, 5]}], " + CATEGORIES + "}");
        assertThatThrownBy(() -> CocoDataset.open(dangling, dir, Optional.empty()))
                .hasMessageContaining("/annotations/0/image_id: no image has id 2");

        Path missing = write("{\"images\": [{\"file_name\": \"a.png\"}], \"annotations\": [], " + CATEGORIES + "}");
        assertThatThrownBy(() -> CocoDataset.open(missing, dir, Optional.empty()))
                .hasMessageContaining("/images/0/id: field is missing");

        Path negative = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": ["
                + "{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, -5, 5]}], " + CATEGORIES + "}");
        assertThatThrownBy(() -> CocoDataset.open(negative, dir, Optional.empty()))
                .hasMessageContaining("/annotations/0/bbox: width and height must not be negative");
    }

    @Test
    void namesTheLineOfInvalidJsonAndAnUnknownCategory() throws Exception {
        Path broken = write("{\"images\": [\n{\"id\": 1,, }]}");
        assertThatThrownBy(() -> CocoDataset.open(broken, dir, Optional.empty()))
                .isInstanceOf(AnnotationFormatException.class)
                .hasMessageContaining("instances.json: line 2");

        Path unknown = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": ["
                + "{\"image_id\": 1, \"category_id\": 4, \"bbox\": [0, 0, 5, 5]}], " + CATEGORIES + "}");
        assertThatThrownBy(() -> CocoDataset.open(unknown, dir, Optional.empty()))
                .hasMessageContaining("/annotations/0/category_id: no category has id 4");

        Path outside = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": ["
                + "{\"image_id\": 1, \"category_id\": 18, \"bbox\": [0, 0, 5, 5]}], " + CATEGORIES + "}");
        assertThatThrownBy(() -> CocoDataset.open(outside, dir, Optional.of(ClassList.ofObjects(List.of("car")))))
                .hasMessageContaining("/annotations/0/category_id: category 'dog' is not one of");
    }
}
