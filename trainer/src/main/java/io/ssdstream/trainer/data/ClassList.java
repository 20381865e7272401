package io.ssdstream.trainer.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The class names of a dataset, background at index 0, and the label of each name. Built from names the dataset
 * declares or discovers, or fixed up front (a model's classes, or the training set's for its validation set).
 */
public final class ClassList {

    public static final String BACKGROUND = "__background__";

    private final List<String> names;
    private final Map<String, Integer> labels = new HashMap<>();

    private ClassList(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 1; i < names.size(); i++) {
            if (labels.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("class '" + names.get(i) + "' is listed twice");
            }
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("a detection dataset needs at least one object class");
        }
    }

    /** Classes given in full, background first. */
    public static ClassList of(List<String> namesWithBackground) {
        return new ClassList(namesWithBackground);
    }

    /** Object classes in the order given, with background prepended. */
    public static ClassList ofObjects(Collection<String> objectNames) {
        List<String> names = new ArrayList<>(List.of(BACKGROUND));
        names.addAll(objectNames);
        return new ClassList(names);
    }

    /** The fixed list when there is one, else the discovered names sorted (the Pascal VOC order for VOC's 20). */
    static ClassList fixedOrSorted(Optional<ClassList> fixed, Collection<String> discovered) {
        return fixed.orElseGet(() -> ofObjects(new TreeSet<>(discovered)));
    }

    /** The label of an object class, if the list has it. */
    public Optional<Integer> label(String name) {
        return Optional.ofNullable(labels.get(name));
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }
}
