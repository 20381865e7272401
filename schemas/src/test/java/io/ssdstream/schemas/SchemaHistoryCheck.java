package io.ssdstream.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The build's gate on contract evolution: compares every schema in the source folder with its released versions
 * in the history folder and lists each broken rule.
 *
 * <ul>
 *   <li>Every contract has released versions {@code <Name>/v1.avsc ... vN.avsc}, numbered without gaps, and no
 *       released contract disappears.</li>
 *   <li>Compatibility is full and transitive: every version can read data written with every other one (a newer
 *       reader reads older data, an older reader reads newer data), the current schema included.</li>
 *   <li>The current schema is identical (docs included) to the newest released version, so any change to a
 *       contract has to arrive together with a new version file.</li>
 * </ul>
 */
final class SchemaHistoryCheck {

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    private SchemaHistoryCheck() {
    }

    /** Every violation found, as a sentence naming the files involved and the fix; empty when the history holds. */
    static List<String> problems(Path sourceFolder, Path historyFolder) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> contracts = new TreeSet<>();
        for (Path file : list(sourceFolder)) {
            if (!file.getFileName().toString().endsWith(".avsc")) {
                continue;
            }
            Optional<Schema> current = parse(file, problems);
            if (current.isEmpty()) {
                continue;
            }
            String name = current.get().getName();
            contracts.add(name);
            if (!file.getFileName().toString().equals(name + ".avsc")) {
                problems.add(file + " defines " + name + ": name the file " + name + ".avsc");
            }
            checkContract(file, current.get(), historyFolder.resolve(name), problems);
        }
        for (Path released : list(historyFolder)) {
            if (Files.isDirectory(released) && !contracts.contains(released.getFileName().toString())) {
                problems.add(released + " holds released versions of a contract no longer in " + sourceFolder
                        + ": consumers still read it, so a released contract never disappears");
            }
        }
        return problems;
    }

    private static void checkContract(Path file, Schema current, Path versionsFolder, List<String> problems) {
        if (!Files.isDirectory(versionsFolder)) {
            problems.add(current.getName() + " has no released version: copy " + file + " to "
                    + versionsFolder.resolve("v1.avsc"));
            return;
        }
        TreeMap<Integer, Schema> versions = versions(versionsFolder, current, problems);
        List<Integer> numbers = new ArrayList<>(versions.keySet());
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != i + 1) {
                problems.add(versionsFolder + " skips v" + (i + 1) + ": versions are numbered 1, 2, 3, ... "
                        + "without gaps, and readers load them only up to the first gap");
                break;
            }
            for (int older = 0; older < i; older++) {
                checkMutualRead("v" + numbers.get(older), versions.get(numbers.get(older)),
                        "v" + numbers.get(i), versions.get(numbers.get(i)), versionsFolder, problems);
            }
        }
        if (versions.isEmpty() || versions.lastEntry().getValue().toString().equals(current.toString())) {
            return;
        }
        versions.forEach((number, released) -> checkMutualRead("v" + number, released,
                file.getFileName().toString(), current, versionsFolder, problems));
        int latest = versions.lastKey();
        problems.add(file + " differs from its newest released version " + versionsFolder.resolve(
                "v" + latest + ".avsc") + ". Released versions are frozen: copy " + file + " to "
                + versionsFolder.resolve("v" + (latest + 1) + ".avsc") + " to release the change");
    }

    private static TreeMap<Integer, Schema> versions(Path folder, Schema current, List<String> problems) {
        TreeMap<Integer, Schema> versions = new TreeMap<>();
        for (Path file : list(folder)) {
            Matcher version = VERSION_FILE.matcher(file.getFileName().toString());
            if (!version.matches()) {
                problems.add(file + " is not a version file: released versions are named v1.avsc, v2.avsc, ...");
                continue;
            }
            parse(file, problems).ifPresent(schema -> {
                if (schema.getFullName().equals(current.getFullName())) {
                    versions.put(Integer.valueOf(version.group(1)), schema);
                } else {
                    problems.add(file + " defines " + schema.getFullName() + ", expected " + current.getFullName());
                }
            });
        }
        return versions;
    }

    private static void checkMutualRead(String olderName, Schema older, String newerName, Schema newer,
            Path folder, List<String> problems) {
        Incompatibilities.between(newer, older).ifPresent(why -> problems.add(folder.getFileName() + ": "
                + newerName + " cannot read data written with " + olderName + " (backward): " + why));
        Incompatibilities.between(older, newer).ifPresent(why -> problems.add(folder.getFileName() + ": "
                + olderName + " cannot read data written with " + newerName + " (forward): " + why));
    }

    private static Optional<Schema> parse(Path file, List<String> problems) {
        try {
            return Optional.of(new Schema.Parser().parse(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (SchemaParseException e) {
            problems.add(file + " is not a valid Avro schema: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
