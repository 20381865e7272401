package io.ssdstream.ssd.io;

import io.ssdstream.ssd.io.TensorRef.StorageRef;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the {@code data.pkl} of a torch.save archive into plain Java values. Dicts become maps that keep the
 * pickle's order, tensors become {@link TensorRef}s without touching storage bytes, and every other Python object
 * becomes an inert {@link PythonObject}, so a training checkpoint's optimizer state or arguments never stop a load.
 *
 * <p>Globals are resolved here rather than through {@link Unpickler#registerConstructor}, whose registry is
 * JVM-wide: this reader neither depends on nor changes what other users of the library get. Nothing a pickle
 * names is ever executed. One instance reads one pickle.
 */
final class TorchUnpickler extends Unpickler {

    /** A module-level Python name this reader attaches no meaning to; calling it yields a {@link PythonObject}. */
    record PythonGlobal(String module, String name) implements IObjectConstructor {

        @Override
        public Object construct(Object[] args) {
            return new PythonObject(qualifiedName());
        }

        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** An instance of a Python class this reader does not model, e.g. an optimizer or argparse namespace. */
    record PythonObject(String type) {
    }

    private static final Map<String, IObjectConstructor> KNOWN_GLOBALS = Map.of(
            "collections.OrderedDict", TorchUnpickler::orderedDict,
            "torch._utils._rebuild_tensor_v2", TensorRef::fromRebuildArguments,
            // a Parameter pickles as (data, requires_grad, backward_hooks[, state]); for weights it is its data
            "torch._utils._rebuild_parameter", args -> args[0],
            "torch._utils._rebuild_parameter_with_state", args -> args[0],
            // a tensor carrying Python attributes pickles as (rebuild function, type, its arguments, attributes)
            "torch._tensor._rebuild_from_type_v2", args -> ((IObjectConstructor) args[0]).construct((Object[]) args[2]));

    @Override
    protected Object dispatch(short opcode) throws IOException {
        switch (opcode) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                stack.add(resolve(module, name));
            }
            case Opcodes.SETITEMS -> setItemsInOrder();
            // BUILD sets attributes (an OrderedDict's _metadata, an object's __dict__): nothing a weight needs
            case Opcodes.BUILD -> stack.pop();
            default -> {
                return super.dispatch(opcode);
            }
        }
        return NO_RETURN_VALUE;
    }

    /** Resolves a persistent id {@code ('storage', torch.<Type>Storage, key, location, numel)}. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (pid instanceof Object[] id && id.length == 5 && "storage".equals(id[0])
                && id[1] instanceof PythonGlobal type && "torch".equals(type.module())
                && id[2] instanceof String key && TensorRef.isInteger(id[4])) {
            return new StorageRef(key, type.name(), ((Number) id[4]).longValue());
        }
        throw new PickleException("unexpected persistent id "
                + (pid instanceof Object[] id ? Arrays.deepToString(id) : String.valueOf(pid)));
    }

    private static Object resolve(String module, String name) {
        IObjectConstructor known = KNOWN_GLOBALS.get(module + "." + name);
        return known != null ? known : new PythonGlobal(module, name);
    }

    private static Object orderedDict(Object[] args) {
        if (args.length != 0) {
            throw new PickleException("collections.OrderedDict called with arguments, which torch.save never does");
        }
        return new LinkedHashMap<>();
    }

    /** The library's SETITEMS collects a batch in a HashMap first, which would lose the order of the keys. */
    @SuppressWarnings("unchecked")
    private void setItemsInOrder() {
        List<Object> items = stack.pop_all_since_marker();
        if (items.size() % 2 != 0) {
            throw new PickleException("SETITEMS with an odd number of keys and values");
        }
        Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }
}
