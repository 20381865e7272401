package io.ssdstream.trainer.data;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.trainer.data.ImageFileDataset.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A dataset in the Pascal VOC layout: {@code ImageSets/Main/<split>.txt} lists image ids, {@code Annotations/<id>.xml}
 * describes each image's objects, {@code JPEGImages/} holds the pictures.
 *
 * <p>VOC boxes are 1-based inclusive pixel indices; they become continuous coordinates
 * {@code (xmin - 1, ymin - 1, xmax, ymax)}, so a box covering pixel columns 1..10 is 10 pixels wide. Every
 * annotation is parsed when the dataset opens; a malformed one fails with its file and element named.
 */
public final class VocDataset {

    private record RawObject(String name, String location, PixelBox box, boolean difficult) {}

    private VocDataset() {}

    /**
     * Opens split {@code split} of the VOC directory {@code root}.
     *
     * @param fixedClasses the classes to label with; when empty, the names found in the split, sorted
     */
    public static DetectionDataset open(Path root, String split, Optional<ClassList> fixedClasses) throws IOException {
        Path list = root.resolve("ImageSets").resolve("Main").resolve(split + ".txt");
        if (!Files.isRegularFile(list)) {
            throw new NoSuchFileException(list.toString(), null, "no image set '" + split + "' in the VOC directory");
        }
        DocumentBuilder parser = secureParser();
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                ids.add(stripped.split("\\s+")[0]);
            }
        }
        List<String> files = new ArrayList<>();
        List<List<RawObject>> objects = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String id : ids) {
            Path xml = root.resolve("Annotations").resolve(id + ".xml");
            Element annotation = parse(parser, xml);
            files.add(optionalText(annotation, "filename").orElse(id + ".jpg"));
            List<RawObject> parsed = objects(xml, annotation);
            parsed.forEach(o -> names.add(o.name()));
            objects.add(parsed);
        }
        ClassList classes = ClassList.fixedOrSorted(fixedClasses, names);
        List<Entry> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Path xml = root.resolve("Annotations").resolve(ids.get(i) + ".xml");
            List<Annotation> labelled = new ArrayList<>();
            for (RawObject o : objects.get(i)) {
                int label = classes.label(o.name()).orElseThrow(() -> new AnnotationFormatException(xml,
                        o.location() + "/<name>", "class '" + o.name() + "' is not one of " + classes.names()));
                labelled.add(new Annotation(label, o.box(), o.difficult(), false));
            }
            entries.add(new Entry(ids.get(i), root.resolve("JPEGImages").resolve(files.get(i)), labelled));
        }
        return new ImageFileDataset("voc:" + root + ":" + split, classes, List.copyOf(entries));
    }

    private static List<RawObject> objects(Path xml, Element annotation) throws AnnotationFormatException {
        List<RawObject> objects = new ArrayList<>();
        int index = 0;
        for (Node node = annotation.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element object && object.getTagName().equals("object")) {
                index++;
                String location = "<annotation>/<object>[" + index + "]";
                String name = requiredText(xml, object, location, "name");
                Optional<String> difficultFlag = optionalText(object, "difficult");
                boolean difficult = difficultFlag.isPresent() && flag(xml, location, difficultFlag.get());
                Element bndbox = requiredChild(xml, object, location, "bndbox");
                String boxLocation = location + "/<bndbox>";
                float xmin = coordinate(xml, bndbox, boxLocation, "xmin");
                float ymin = coordinate(xml, bndbox, boxLocation, "ymin");
                float xmax = coordinate(xml, bndbox, boxLocation, "xmax");
                float ymax = coordinate(xml, bndbox, boxLocation, "ymax");
                if (xmax < xmin) {
                    throw new AnnotationFormatException(xml, boxLocation + "/<xmax>",
                            "xmax " + xmax + " is left of xmin " + xmin);
                }
                if (ymax < ymin) {
                    throw new AnnotationFormatException(xml, boxLocation + "/<ymax>",
                            "ymax " + ymax + " is above ymin " + ymin);
                }
                objects.add(new RawObject(name, location, new PixelBox(xmin - 1, ymin - 1, xmax, ymax), difficult));
            }
        }
        return objects;
    }

    private static Element parse(DocumentBuilder parser, Path xml) throws IOException {
        if (!Files.isRegularFile(xml)) {
            throw new NoSuchFileException(xml.toString(), null, "annotation file is missing");
        }
        Document document;
        try {
            document = parser.parse(xml.toFile());
        } catch (SAXParseException e) {
            throw new AnnotationFormatException(xml, "line " + e.getLineNumber() + ", column " + e.getColumnNumber(),
                    "not well-formed XML: " + e.getMessage());
        } catch (SAXException e) {
            throw new AnnotationFormatException(xml, "document", "not well-formed XML: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("annotation")) {
            throw new AnnotationFormatException(xml, "<" + root.getTagName() + ">",
                    "the root element must be <annotation>");
        }
        return root;
    }

    private static DocumentBuilder secureParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // annotations are data: no DTDs, no external entities
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // without a handler the parser also prints each error to stderr
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JVM's XML parser lacks secure processing", e);
        }
    }

    private static Optional<Element> child(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Element requiredChild(Path xml, Element parent, String location, String tag)
            throws AnnotationFormatException {
        return child(parent, tag).orElseThrow(() ->
                new AnnotationFormatException(xml, location + "/<" + tag + ">", "element is missing"));
    }

    private static Optional<String> optionalText(Element parent, String tag) {
        return child(parent, tag).map(e -> e.getTextContent().strip());
    }

    private static String requiredText(Path xml, Element parent, String location, String tag)
            throws AnnotationFormatException {
        String text = requiredChild(xml, parent, location, tag).getTextContent().strip();
        if (text.isEmpty()) {
            throw new AnnotationFormatException(xml, location + "/<" + tag + ">", "element is empty");
        }
        return text;
    }

    private static float coordinate(Path xml, Element bndbox, String location, String tag)
            throws AnnotationFormatException {
        String text = requiredText(xml, bndbox, location, tag);
        try {
            float value = Float.parseFloat(text);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the element's location
        }
        throw new AnnotationFormatException(xml, location + "/<" + tag + ">", "'" + text + "' is not a number");
    }

    private static boolean flag(Path xml, String location, String value) throws AnnotationFormatException {
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new AnnotationFormatException(xml, location + "/<difficult>",
                    "'" + value + "' is neither 0 nor 1");
        };
    }
}
