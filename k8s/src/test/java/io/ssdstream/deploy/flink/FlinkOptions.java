package io.ssdstream.deploy.flink;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The configuration keys Flink declares, read from the ConfigOptions of the Flink modules the deployment configures.
 * They come from the jars the build resolves, so they are exactly those of the Flink version the job is built for.
 */
public final class FlinkOptions {

    /** One class from each module whose options the deployment may set. */
    private static final List<Class<?>> MODULES = List.of(
            CoreOptions.class,               // flink-core: checkpointing, state, HA, memory, metrics, class loading
            JobGraph.class,                  // flink-runtime: the job result store of HA setups
            KubernetesConfigOptions.class,   // flink-kubernetes: kubernetes.* and Kubernetes HA
            PrometheusReporterFactory.class);

    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");

    private static final FlinkOptions INSTANCE = new FlinkOptions();

    private final Set<String> keys = new HashSet<>();
    /** Deprecated keys, each with the message saying so. */
    private final Map<String, String> deprecatedKeys = new HashMap<>();
    private final List<Pattern> namedInstanceKeys = new ArrayList<>();

    private FlinkOptions() {
        MODULES.stream().flatMap(module -> ConfigOptionFields.ofModule(module).stream()).forEach(this::index);
        deprecatedKeys.keySet().removeAll(keys);
    }

    public static FlinkOptions ofBuild() {
        return INSTANCE;
    }

    /** Why a key cannot be set as written, or empty when Flink knows it under this name. */
    public Optional<String> problem(String key) {
        if (keys.contains(key) || namedInstanceKeys.stream().anyMatch(pattern -> pattern.matcher(key).matches())) {
            return Optional.empty();
        }
        return Optional.of(deprecatedKeys.getOrDefault(key, "unknown Flink option " + key));
    }

    private void index(Field field) {
        ConfigOption<?> option = ConfigOptionFields.read(field);
        Documentation.SuffixOption suffix = field.getAnnotation(Documentation.SuffixOption.class);
        if (suffix != null) {
            namedInstanceKey(suffix.value(), option.key()).ifPresent(namedInstanceKeys::add);
        } else if (field.isAnnotationPresent(Deprecated.class)) {
            deprecatedKeys.put(option.key(), "deprecated Flink option " + option.key());
        } else {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                if (fallback.isDeprecated()) {
                    deprecatedKeys.put(fallback.getKey(),
                            "deprecated Flink key " + fallback.getKey() + ", use " + option.key());
                } else {
                    keys.add(fallback.getKey());
                }
            }
        }
    }

    /**
     * Options of named instances, like a metric reporter's: {@code metrics.reporter.<name>} + {@code factory.class}
     * matches {@code metrics.reporter.prom.factory.class}. A placeholder in the option's own key (a reporter's free
     * {@code <parameter>}) would accept any spelling, so such options are left out: their keys count as unknown.
     */
    private static Optional<Pattern> namedInstanceKey(String prefixTemplate, String optionKey) {
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
}
