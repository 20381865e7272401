package io.ssdstream.deploy.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;

/** The {@code public static ConfigOption} fields of every {@code *Options} class in a Flink module's jar. */
final class ConfigOptionFields {

    private ConfigOptionFields() {
    }

    /** The fields of the module that holds {@code anchor}. */
    static List<Field> ofModule(Class<?> anchor) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> optionsClass : optionsClasses(anchor)) {
            Arrays.stream(optionsClass.getFields())
                    .filter(field -> Modifier.isStatic(field.getModifiers()))
                    .filter(field -> ConfigOption.class.equals(field.getType()))
                    .forEach(fields::add);
        }
        return fields;
    }

    static ConfigOption<?> read(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(field + " is not readable", e);
        }
    }

    private static List<Class<?>> optionsClasses(Class<?> anchor) {
        List<Class<?>> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(jarOf(anchor).toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class") && !name.contains("/shaded/")) {
                    classes.add(Class.forName(name.replace('/', '.').replace(".class", ""), false, anchor.getClassLoader()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("listed in its own jar but not loadable: " + e.getMessage(), e);
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
}
