package io.ssdstream.deploy.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.kubernetes.configuration.KubernetesConfigOptions;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.jobgraph.JobGraph;

/**
 * The configuration keys Flink declares: every {@code public static ConfigOption} of the {@code *Options} classes in
 * the Flink modules the deployment configures. Keys are read from the jars the build resolves, so they are exactly
 * those of the Flink version the job is built for.
 */
public final class FlinkOptions {

    /** One class from each module whose options the deployment may set. */
    private static final List<Class<?>> MODULES = List.of(
            CoreOptions.class,               // flink-core: checkpointing, state, HA, memory, metrics, class loading
            JobGraph.class,                  // flink-runtime: the job result store of HA setups
            KubernetesConfigOptions.class,   // flink-kubernetes: kubernetes.* and Kubernetes HA
            PrometheusReporterFactory.class);

    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");

    private static final FlinkOptions INSTANCE = scan();

    private final Set<String> keys;
    /** Deprecated keys, each with the message saying so. */
    private final Map<String, String> deprecatedKeys;
    private final List<Pattern> namedInstanceKeys;

    private FlinkOptions(Set<String> keys, Map<String, String> deprecatedKeys, List<Pattern> namedInstanceKeys) {
        this.keys = keys;
        this.deprecatedKeys = deprecatedKeys;
        this.namedInstanceKeys = namedInstanceKeys;
    }

    public static FlinkOptions ofBuild() {
        return INSTANCE;
    }

    /** Why a key cannot be set as written, or empty when Flink knows it under this name. */
    public Optional<String> problem(String key) {
        if (keys.contains(key)) {
            return Optional.empty();
        }
        if (deprecatedKeys.containsKey(key)) {
            return Optional.of(deprecatedKeys.get(key));
        }
        if (namedInstanceKeys.stream().anyMatch(pattern -> pattern.matcher(key).matches())) {
            return Optional.empty();
        }
        return Optional.of("unknown Flink option " + key);
    }

    private static FlinkOptions scan() {
        Set<String> keys = new HashSet<>();
        Map<String, String> deprecated = new HashMap<>();
        List<Pattern> namedInstanceKeys = new ArrayList<>();
        for (Class<?> optionsClass : optionsClasses()) {
            for (Field field : optionsClass.getFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || !ConfigOption.class.equals(field.getType())) {
                    continue;
                }
                ConfigOption<?> option = read(field);
                Documentation.SuffixOption suffix = field.getAnnotation(Documentation.SuffixOption.class);
                if (suffix != null) {
                    namedInstanceKeys(suffix.value(), option.key()).ifPresent(namedInstanceKeys::add);
                } else if (field.isAnnotationPresent(Deprecated.class)) {
                    deprecated.put(option.key(), "deprecated Flink option " + option.key());
                } else {
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        if (fallback.isDeprecated()) {
                            deprecated.put(fallback.getKey(),
                                    "deprecated Flink key " + fallback.getKey() + ", use " + option.key());
                        } else {
                            keys.add(fallback.getKey());
                        }
                    }
                }
            }
        }
        deprecated.keySet().removeAll(keys);
        return new FlinkOptions(Collections.unmodifiableSet(keys), deprecated, List.copyOf(namedInstanceKeys));
    }

    /**
     * Options of named instances, like a metric reporter's: {@code metrics.reporter.<name>} + {@code factory.class}
     * matches {@code metrics.reporter.prom.factory.class}. A placeholder in the option's own key (a reporter's free
     * {@code <parameter>}) would accept any spelling, so such options are left out: their keys count as unknown.
     */
    private static Optional<Pattern> namedInstanceKeys(String prefixTemplate, String optionKey) {
        if (PLACEHOLDER.matcher(optionKey).find()) {
            return Optional.empty();
        }
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(prefixTemplate);
        int literalStart = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(prefixTemplate.substring(literalStart, placeholder.start()))).append("[^.]+");
            literalStart = placeholder.end();
        }
        regex.append(Pattern.quote(prefixTemplate.substring(literalStart) + "." + optionKey));
        return Optional.of(Pattern.compile(regex.toString()));
    }

    private static List<Class<?>> optionsClasses() {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> anchor : MODULES) {
            try (JarFile jar = new JarFile(jarOf(anchor).toFile())) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class") && !name.contains("/shaded/")) {
                        classes.add(Class.forName(name.replace('/', '.').replace(".class", ""), false,
                                anchor.getClassLoader()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    private static Path jarOf(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigOption<?> read(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(field + " is not readable", e);
        }
    }
}
