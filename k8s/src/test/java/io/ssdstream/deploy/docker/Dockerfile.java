package io.ssdstream.deploy.docker;

import io.ssdstream.deploy.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile's instructions, continuation lines joined and comments dropped, each with its first line number. */
public final class Dockerfile {

    /** One instruction: {@code COPY target/lib/ /opt/flink/lib/} on line 42 is ("COPY", "target/lib/ /opt/flink/lib/"). */
    public record Instruction(int line, String keyword, String arguments) {
    }

    /** A file or glob the build copies from its context, and where it lands. */
    public record CopySource(int line, String source, String destination) {
    }

    /** {@code -Dkey=value} arguments of a RUN, as the image hands them to Flink's config-parser-utils.sh. */
    private static final Pattern DYNAMIC_PROPERTY = Pattern.compile("\"-D([^=\"\\s]+)=([^\"]*)\"");

    private final Path file;
    private final List<Instruction> instructions;

    private Dockerfile(Path file, List<Instruction> instructions) {
        this.file = file;
        this.instructions = instructions;
    }

    public static Dockerfile read(Path file) {
        try {
            return new Dockerfile(file, parse(Files.readAllLines(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build context: the folder holding the Dockerfile. */
    public Path context() {
        return file.getParent();
    }

    /** How messages name an instruction: {@code docker/Dockerfile:42}. */
    public String where(int line) {
        return Repository.relative(file) + ":" + line;
    }

    public List<Instruction> instructions() {
        return instructions;
    }

    /** The default of a build argument, from its first {@code ARG name=default}. */
    public Optional<String> argumentDefault(String name) {
        return instructions.stream()
                .filter(instruction -> instruction.keyword().equals("ARG"))
                .map(Instruction::arguments)
                .filter(argument -> argument.startsWith(name + "="))
                .map(argument -> argument.substring(name.length() + 1))
                .findFirst();
    }

    /** Sources read from the build context by COPY and ADD; copies from another stage or image are not. */
    public List<CopySource> contextSources() {
        List<CopySource> sources = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("COPY") && !instruction.keyword().equals("ADD")) {
                continue;
            }
            List<String> words = Arrays.asList(instruction.arguments().trim().split("\\s+"));
            if (words.stream().anyMatch(word -> word.startsWith("--from="))) {
                continue;
            }
            List<String> paths = words.stream().filter(word -> !word.startsWith("--")).toList();
            String destination = paths.get(paths.size() - 1);
            paths.subList(0, paths.size() - 1)
                    .forEach(source -> sources.add(new CopySource(instruction.line(), source, destination)));
        }
        return sources;
    }

    /** The user the final stage runs as. */
    public Optional<String> finalUser() {
        String user = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                user = null;
            } else if (instruction.keyword().equals("USER")) {
                user = instruction.arguments().trim();
            }
        }
        return Optional.ofNullable(user);
    }

    /** Flink configuration the image bakes into conf/config.yaml, as {@code -Dkey=value} arguments of a RUN. */
    public Map<String, String> bakedFlinkConfiguration() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("RUN") && instruction.arguments().contains("config-parser-utils.sh")) {
                Matcher property = DYNAMIC_PROPERTY.matcher(instruction.arguments());
                while (property.find()) {
                    properties.put(property.group(1), property.group(2));
                }
            }
        }
        return properties;
    }

    private static List<Instruction> parse(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int firstLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (pending.isEmpty()) {
                firstLine = i + 1;
            }
            boolean continues = line.endsWith("\\");
            pending.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String text = pending.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(firstLine, text.substring(0, space).toUpperCase(),
                        text.substring(space + 1).strip()));
                pending.setLength(0);
            }
        }
        return List.copyOf(instructions);
    }
}
