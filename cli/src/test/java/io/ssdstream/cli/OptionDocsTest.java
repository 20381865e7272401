package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps the option tables of the docs what the commands declare: each section between
 * {@code <!-- generated:options-COMMAND -->} and {@code <!-- /generated:options-COMMAND -->} (a subcommand's words
 * joined by '-', e.g. {@code options-model-pull}) must be exactly the
 * table built from that command's options, whose defaults come from the config records. Run with
 * {@code -Doptions.update=true} to rewrite the sections in place.
 */
class OptionDocsTest {

    private static final String UPDATE_PROPERTY = "options.update";
    private static final Pattern DEFAULT = Pattern.compile("\\s*Default: (.*?)\\.?$");

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "job, docs/job.md, all",
        "demo, docs/demo.md, all",
        "train, docs/trainer.md, all",
        "evaluate, docs/trainer.md, all",
        "export, docs/trainer.md, all",
        "model pull, docs/model.md, all",
        "detect, README.md, thresholds"})
    void optionTablesAreWhatTheCommandsDeclare(String command, String file, String which) throws Exception {
        Path doc = Path.of("..").resolve(file);
        String text = Files.readString(doc);
        String section = "options-" + command.replace(' ', '-');
        String begin = "<!-- generated:" + section + " -->\n";
        String end = "<!-- /generated:" + section + " -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("%s has no section %s", file, begin.strip()).isNotNegative();
        assertThat(to).as("%s has no end of section %s", file, end).isGreaterThan(from);

        Predicate<OptionSpec> shown = which.equals("thresholds")
                ? option -> List.of("--score-threshold", "--nms-iou", "--top-k", "--max-detections")
                        .contains(option.longestName())
                : option -> true;
        String expected = text.substring(0, from + begin.length()) + table(command, shown) + text.substring(to);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(doc, expected);
            text = expected;
        }
        assertThat(text).as("the options of '%s' in %s are stale; rewrite them with"
                + " ./mvnw -q -pl cli -am test -Dtest=OptionDocsTest -Dsurefire.failIfNoSpecifiedTests=false -D%s=true",
                command, file, UPDATE_PROPERTY).isEqualTo(expected);
    }

    /** One row per option, in declaration order: the name, its default, what it does. */
    private static String table(String command, Predicate<OptionSpec> shown) {
        CommandLine cli = SsdStreamCli.commandLine();
        for (String name : command.split(" ")) {
            cli = cli.getSubcommands().get(name);
        }
        StringBuilder table = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
        for (OptionSpec option : cli.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp() || !shown.test(option)) {
                continue;
            }
            String description = String.join(" ", option.description());
            String defaultValue = option.required() ? "(required)" : "";
            Matcher stated = DEFAULT.matcher(description);
            if (stated.find()) {
                defaultValue = stated.group(1);
                if (defaultValue.equals(option.defaultValueString())) {
                    defaultValue = "`" + defaultValue + "`";
                }
                description = description.substring(0, stated.start());
            }
            String name = option.paramLabel().startsWith("<") || option.typeInfo().isBoolean() && option.arity().max() == 0
                    ? option.longestName()
                    : option.longestName() + " " + option.paramLabel();
            table.append("| `").append(name).append("` | ").append(cell(defaultValue)).append(" | ")
                    .append(cell(description)).append(" |\n");
        }
        return table.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").strip();
    }
}
