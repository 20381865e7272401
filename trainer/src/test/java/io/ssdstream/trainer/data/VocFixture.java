package io.ssdstream.trainer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes small Pascal VOC directories for tests. */
final class VocFixture {

    private final Path root;

    VocFixture(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("Annotations"));
        Files.createDirectories(root.resolve("JPEGImages"));
        Files.createDirectories(root.resolve("ImageSets").resolve("Main"));
    }

    Path root() {
        return root;
    }

    VocFixture split(String name, List<String> ids) throws IOException {
        Files.writeString(root.resolve("ImageSets/Main/" + name + ".txt"), String.join("\n", ids) + "\n",
                StandardCharsets.UTF_8);
        return this;
    }

    VocFixture annotation(String id, String objectsXml) throws IOException {
        Files.writeString(root.resolve("Annotations/" + id + ".xml"), "<annotation>\n  <filename>" + id
                + ".jpg</filename>\n  <size><width>64</width><height>48</height><depth>3</depth></size>\n" + objectsXml
                + "</annotation>\n", StandardCharsets.UTF_8);
        return this;
    }

    VocFixture rawAnnotation(String id, String xml) throws IOException {
        Files.writeString(root.resolve("Annotations/" + id + ".xml"), xml, StandardCharsets.UTF_8);
        return this;
    }

    VocFixture image(String id) throws IOException {
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "jpg",
                root.resolve("JPEGImages/" + id + ".jpg").toFile());
        return this;
    }

    VocFixture corruptImage(String id) throws IOException {
        Files.write(root.resolve("JPEGImages/" + id + ".jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        return this;
    }

    static String object(String name, int xmin, int ymin, int xmax, int ymax, boolean difficult) {
        return "  <object><name>" + name + "</name><difficult>" + (difficult ? 1 : 0) + "</difficult><bndbox><xmin>"
                + xmin + "</xmin><ymin>" + ymin + "</ymin><xmax>" + xmax + "</xmax><ymax>" + ymax
                + "</ymax></bndbox></object>\n";
    }
}
