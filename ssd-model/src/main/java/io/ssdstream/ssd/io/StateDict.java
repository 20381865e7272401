package io.ssdstream.ssd.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A PyTorch-style state dict: parameter and buffer names mapped to tensors, in the order the weight file lists
 * them, together with where the tensors came from so that errors about them can say so.
 */
public final class StateDict {

    private final String source;
    private final Map<String, HostTensor> tensors;

    /**
     * @param source where the tensors came from, usually the file path; shown in error messages
     * @param tensors the tensors by name; copied, keeping its iteration order
     */
    public StateDict(String source, LinkedHashMap<String, HostTensor> tensors) {
        this.source = Objects.requireNonNull(source, "source");
        LinkedHashMap<String, HostTensor> copy = new LinkedHashMap<>(tensors);
        copy.forEach((name, tensor) -> {
            Objects.requireNonNull(name, "tensor name");
            Objects.requireNonNull(tensor, () -> "tensor '" + name + "'");
        });
        this.tensors = Collections.unmodifiableMap(copy);
    }

    public String source() {
        return source;
    }

    /** The tensors by name; unmodifiable, in file order. */
    public Map<String, HostTensor> tensors() {
        return tensors;
    }

    /** The tensor with this name, or null if there is none. */
    public HostTensor get(String key) {
        return tensors.get(key);
    }

    public int size() {
        return tensors.size();
    }

    @Override
    public String toString() {
        return "StateDict(" + source + ", " + tensors.size() + " tensors)";
    }
}
