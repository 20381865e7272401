package io.ssdstream.ssd.io;

import io.ssdstream.ssd.io.TensorRef.StorageRef;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Unpickles the {@code data.pkl} of a torch.save archive, or the pickles of its legacy format, into plain Java
 * values: dicts become {@link LinkedHashMap}s in the pickle's order, lists {@link ArrayList}s, tuples
 * {@code Object[]}, tensors {@link TensorRef}s (no storage bytes are touched), and an {@code argparse.Namespace} an
 * inert {@link PythonObject}.
 *
 * <p>This is a pickle virtual machine of its own rather than net.razorvine:pickle, which resolved INST and OBJ
 * through a JVM-wide constructor registry (a crafted file got {@code decimal.Decimal} objects built) and bounded
 * nothing: a length field allocated what it said, and a list holding itself recursed until the stack overflowed.
 * Here every opcode and every global is on an explicit allow-list, nothing a pickle names is ever executed, every
 * length is checked against the bytes left before anything is allocated, the stack, memo and number of values are
 * bounded, dict keys must be scalars (so no container is ever hashed), and the finished value is walked once,
 * without recursion, to refuse cycles and nesting deeper than {@link #MAX_DEPTH}. One instance reads one pickle.
 */
final class TorchUnpickler {

    /** torch.save nests a few levels (checkpoint, state dict, tensor, shape); an optimizer's state a few more. */
    static final int MAX_DEPTH = 64;
    /** Far above the ~20 stack and memo entries per tensor torch.save uses, for state dicts of 10,000s of tensors. */
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MEMO = 1 << 20;
    /**
     * Every value pushed may be a new container of ~50 bytes: without a cap, two bytes of pickle (EMPTY_LIST,
     * APPEND) would cost 25 times their size in heap. torch.save pushes ~20 values per tensor, so this admits
     * state dicts of 100,000 tensors and bounds the heap a pickle can claim to ~100 MB.
     */
    static final int MAX_VALUES = 1 << 21;
    /** Module and attribute names; Python's longest real ones are well under this. */
    private static final int MAX_NAME_BYTES = 256;
    /** Integers are at most 64 bits in a state dict; LONG1 may spell them in up to 9 bytes. */
    private static final int MAX_LONG1_BYTES = 9;

    private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Za-z0-9]+Storage");

    /** What an allow-listed Python name may be used for. */
    enum Role {
        /** Called by REDUCE with () to make an empty dict that SETITEMS then fills. */
        ORDERED_DICT,
        /** Called by REDUCE with (dict,), as in an lr scheduler's milestones. */
        COUNTER,
        REBUILD_TENSOR,
        REBUILD_PARAMETER,
        /** A tensor with Python attributes: (rebuild function, tensor type, its arguments, attributes). */
        REBUILD_FROM_TYPE,
        /** Protocol 2 pickles bytes as _codecs.encode(text, 'latin1'). */
        CODECS_ENCODE,
        /** torch.Tensor or torch.nn.parameter.Parameter, only as the type argument of REBUILD_FROM_TYPE. */
        TENSOR_TYPE,
        /** torch.FloatStorage and the like, only inside a storage's persistent id. */
        STORAGE_TYPE,
        /** A plain class instantiated by NEWOBJ and given attributes by BUILD; kept as an inert object. */
        INERT_CLASS
    }

    /** An allow-listed module-level Python name. */
    record PythonGlobal(String module, String name, Role role) {

        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** An instance of a class this reader does not model, e.g. a training script's argparse namespace. */
    record PythonObject(String type) {
    }

    private static final Map<String, Role> ALLOWED_GLOBALS = Map.of(
            "collections.OrderedDict", Role.ORDERED_DICT,
            "collections.Counter", Role.COUNTER,
            "torch._utils._rebuild_tensor_v2", Role.REBUILD_TENSOR,
            "torch._utils._rebuild_parameter", Role.REBUILD_PARAMETER,
            "torch._utils._rebuild_parameter_with_state", Role.REBUILD_PARAMETER,
            "torch._tensor._rebuild_from_type_v2", Role.REBUILD_FROM_TYPE,
            "_codecs.encode", Role.CODECS_ENCODE,
            "torch.Tensor", Role.TENSOR_TYPE,
            "torch.nn.parameter.Parameter", Role.TENSOR_TYPE,
            "argparse.Namespace", Role.INERT_CLASS);

    private final Path file;
    private final String entry;
    private final ByteBuffer in;
    /** Whether the pickle is all of {@code in}: nothing may follow its STOP. */
    private final boolean whole;
    private final Map<String, StorageRef> storages;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayDeque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opcodeAt;
    private int pushed;

    private TorchUnpickler(Path file, String entry, ByteBuffer in, boolean whole, Map<String, StorageRef> storages) {
        this.file = file;
        this.entry = entry;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.opcodeAt = in.position();
        this.whole = whole;
        this.storages = storages;
    }

    /**
     * The value the pickle describes.
     *
     * @param file the archive, for messages
     * @param entry the pickle's entry name in the archive, for messages
     */
    static Object load(Path file, String entry, byte[] pickle) throws WeightFormatException {
        return new TorchUnpickler(file, entry, ByteBuffer.wrap(pickle), true, new HashMap<>()).value();
    }

    /**
     * The value of the pickle that starts at the buffer's position, one of several in a row as the legacy format
     * writes them; leaves the position just after its STOP.
     *
     * @param entry what this pickle is, for messages (byte positions are the buffer's)
     * @param storages receives every storage a persistent id names, by key (the first declaration of a key wins)
     */
    static Object loadNext(Path file, String entry, ByteBuffer in, Map<String, StorageRef> storages)
            throws WeightFormatException {
        return new TorchUnpickler(file, entry, in, false, storages).value();
    }

    private Object value() throws WeightFormatException {
        Object root = run();
        checkShape(root);
        return root;
    }

    private Object run() throws WeightFormatException {
        while (true) {
            if (!in.hasRemaining()) {
                throw fail("ends without a STOP opcode");
            }
            opcodeAt = in.position();
            int opcode = in.get() & 0xff;
            switch (opcode) {
                case 0x80 -> protocol();
                case 0x95 -> frame();
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw fail("STOP with " + stack.size() + " values on the stack instead of 1");
                    }
                    if (whole && in.hasRemaining()) {
                        throw fail(in.remaining() + " bytes after STOP");
                    }
                    return stack.get(0);
                }
                case '(' -> {
                    if (marks.size() >= MAX_STACK) {
                        throw fail("more than " + MAX_STACK + " open MARKs");
                    }
                    marks.push(stack.size());
                }
                case '0' -> pop();
                case '1' -> popToMark();
                case '2' -> push(peek());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) need(4).getInt());
                case 'K' -> push((long) (need(1).get() & 0xff));
                case 'M' -> push((long) (need(2).getShort() & 0xffff));
                case 0x8a -> push(long1());
                case 'G' -> push(need(8).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 0x8c -> push(text(need(1).get() & 0xff));
                case 'X' -> push(text(Integer.toUnsignedLong(need(4).getInt())));
                case 0x8d -> push(text(need(8).getLong()));
                case 'C' -> push(bytes(need(1).get() & 0xff));
                case 'B' -> push(bytes(Integer.toUnsignedLong(need(4).getInt())));
                case 0x8e -> push(bytes(need(8).getLong()));
                case ')' -> push(new Object[0]);
                case 't' -> push(popToMark().toArray());
                case 0x85 -> push(popTuple(1));
                case 0x86 -> push(popTuple(2));
                case 0x87 -> push(popTuple(3));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popToMark()));
                case 'a' -> appendTo(List.of(pop()));
                case 'e' -> appendTo(popToMark());
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> {
                    LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
                    putAll(dict, popToMark());
                    push(dict);
                }
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    putAll(dictOnTop(), List.of(key, value));
                }
                case 'u' -> {
                    List<Object> items = popToMark();
                    putAll(dictOnTop(), items);
                }
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String moduleName) || !(name instanceof String attribute)) {
                        throw fail("STACK_GLOBAL needs two strings, got " + describe(module) + " and "
                                + describe(name));
                    }
                    push(global(moduleName, attribute));
                }
                case 'R' -> {
                    Object args = pop();
                    push(reduce(pop(), args));
                }
                case 0x81 -> {
                    Object args = pop();
                    push(newObject(pop(), args));
                }
                case 'b' -> build(pop());
                case 'Q' -> push(persistentLoad(pop()));
                case 'h' -> push(memoGet(need(1).get() & 0xff));
                case 'j' -> push(memoGet(Integer.toUnsignedLong(need(4).getInt())));
                case 'q' -> memoPut(need(1).get() & 0xff);
                case 'r' -> memoPut(Integer.toUnsignedLong(need(4).getInt()));
                case 0x94 -> memoPut(memo.size());
                default -> throw fail("opcode " + opcodeName(opcode) + " is not allowed: a torch.save state dict "
                        + "never needs it");
            }
        }
    }

    private void protocol() throws WeightFormatException {
        int version = need(1).get() & 0xff;
        if (version < 2 || version > 5) {
            throw fail("pickle protocol " + version + " is not one torch.save writes (2 to 5)");
        }
    }

    /** Protocol 4 frames only group opcodes for buffered reading; the whole pickle is in memory already. */
    private void frame() throws WeightFormatException {
        long length = need(8).getLong();
        if (length < 0 || length > in.remaining()) {
            throw fail("FRAME of " + Long.toUnsignedString(length) + " bytes, but only " + in.remaining() + " follow");
        }
    }

    private BigInteger toBigInteger(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return new BigInteger(bigEndian);
    }

    private Object long1() throws WeightFormatException {
        int length = need(1).get() & 0xff;
        if (length > MAX_LONG1_BYTES) {
            throw fail("an integer of " + length + " bytes; state dicts hold 64-bit integers at most");
        }
        if (length == 0) {
            return 0L;
        }
        byte[] digits = new byte[length];
        need(length).get(digits);
        BigInteger value = toBigInteger(digits);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private String text(long length) throws WeightFormatException {
        byte[] utf8 = new byte[checkedLength(length, "string")];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw fail("a string that is not valid UTF-8");
        }
    }

    private byte[] bytes(long length) throws WeightFormatException {
        byte[] value = new byte[checkedLength(length, "bytes object")];
        in.get(value);
        return value;
    }

    /** A length read from the pickle, proven to fit in what is left of it before anything is allocated. */
    private int checkedLength(long length, String what) throws WeightFormatException {
        if (length < 0 || length > in.remaining()) {
            throw fail("a " + what + " of " + Long.toUnsignedString(length) + " bytes, but only " + in.remaining()
                    + " bytes of the pickle are left");
        }
        return (int) length;
    }

    /** A newline-terminated ASCII name, as GLOBAL spells module and attribute. */
    private String line() throws WeightFormatException {
        int start = in.position();
        int limit = Math.min(in.limit(), start + MAX_NAME_BYTES + 1);
        for (int i = start; i < limit; i++) {
            byte b = in.get(i);
            if (b == '\n') {
                byte[] name = new byte[i - start];
                in.get(name);
                in.get();
                return new String(name, StandardCharsets.US_ASCII);
            }
            if (b < 0x20 || b > 0x7e) {
                throw fail("GLOBAL name with a non-printable byte 0x" + Integer.toHexString(b & 0xff));
            }
        }
        throw fail("GLOBAL name without a newline within " + MAX_NAME_BYTES + " bytes");
    }

    private PythonGlobal global(String module, String name) throws WeightFormatException {
        String qualified = module + "." + name;
        Role role = ALLOWED_GLOBALS.get(qualified);
        if (role == null && module.equals("torch") && STORAGE_CLASS.matcher(name).matches()) {
            role = Role.STORAGE_TYPE;
        }
        if (role == null) {
            throw fail("global '" + shorten(qualified) + "' is not allowed; a state dict may only name "
                    + "OrderedDict, torch's tensor rebuild functions and storage types (and argparse.Namespace, "
                    + "collections.Counter, _codecs.encode in a training checkpoint)");
        }
        return new PythonGlobal(module, name, role);
    }

    private Object reduce(Object callable, Object arguments) throws WeightFormatException {
        if (!(callable instanceof PythonGlobal function)) {
            throw fail("REDUCE calls " + describe(callable) + ", which is not callable");
        }
        if (!(arguments instanceof Object[] args)) {
            throw fail("REDUCE calls " + function.qualifiedName() + " with " + describe(arguments)
                    + " instead of a tuple of arguments");
        }
        return call(function, args);
    }

    private Object call(PythonGlobal function, Object[] args) throws WeightFormatException {
        String name = function.qualifiedName();
        return switch (function.role()) {
            case ORDERED_DICT -> {
                if (args.length != 0) {
                    throw fail(name + " called with arguments, which torch.save never does");
                }
                yield new LinkedHashMap<>();
            }
            case COUNTER -> {
                if (args.length != 1 || !(args[0] instanceof Map<?, ?>)) {
                    throw fail(name + " expects one dict argument");
                }
                // never a weight; kept inert rather than copied, so a pickle cannot make one copy per mention
                yield new PythonObject(name);
            }
            case REBUILD_TENSOR -> {
                try {
                    yield TensorRef.fromRebuildArguments(args);
                } catch (IllegalArgumentException e) {
                    throw fail(e.getMessage());
                }
            }
            case REBUILD_PARAMETER -> {
                // a Parameter pickles as (data, requires_grad, backward_hooks[, state]); for weights it is its data
                if (args.length < 1 || !(args[0] instanceof TensorRef tensor)) {
                    throw fail(name + " expects a tensor as its first argument");
                }
                yield tensor;
            }
            case REBUILD_FROM_TYPE -> {
                if (args.length != 4 || !(args[0] instanceof PythonGlobal rebuild)
                        || (rebuild.role() != Role.REBUILD_TENSOR && rebuild.role() != Role.REBUILD_PARAMETER)
                        || !(args[1] instanceof PythonGlobal type) || type.role() != Role.TENSOR_TYPE
                        || !(args[2] instanceof Object[] rebuildArgs)) {
                    throw fail(name + " expects (a tensor rebuild function, torch.Tensor or Parameter, "
                            + "a tuple of arguments, attributes)");
                }
                yield call(rebuild, rebuildArgs);
            }
            case CODECS_ENCODE -> {
                if (args.length != 2 || !(args[0] instanceof String) || !"latin1".equals(args[1])) {
                    throw fail(name + " expects (text, 'latin1'), as protocol 2 pickles bytes");
                }
                // never a weight; kept inert rather than decoded, so a pickle cannot make one copy per mention
                yield new PythonObject("bytes");
            }
            case TENSOR_TYPE, STORAGE_TYPE, INERT_CLASS -> throw fail("REDUCE calls " + name
                    + ", which a state dict never calls");
        };
    }

    private Object newObject(Object cls, Object arguments) throws WeightFormatException {
        if (!(cls instanceof PythonGlobal type) || type.role() != Role.INERT_CLASS) {
            throw fail("NEWOBJ instantiates " + describe(cls) + "; only argparse.Namespace may be");
        }
        if (!(arguments instanceof Object[] args) || args.length != 0) {
            throw fail("NEWOBJ instantiates " + type.qualifiedName() + " with arguments");
        }
        return new PythonObject(type.qualifiedName());
    }

    /** BUILD sets attributes (an OrderedDict's _metadata, a namespace's fields): nothing a weight needs. */
    private void build(Object state) throws WeightFormatException {
        Object target = peek();
        if (!(target instanceof Map<?, ?>) && !(target instanceof PythonObject)) {
            throw fail("BUILD sets attributes of " + describe(target) + "; only dicts and namespaces have any here");
        }
        if (state != null && !(state instanceof Map<?, ?>) && !(state instanceof Object[])) {
            throw fail("BUILD with " + describe(state) + " as attributes");
        }
    }

    /**
     * Resolves a persistent id {@code ('storage', torch.<Type>Storage, key, location, numel)}, or the legacy
     * format's {@code (..., numel, None)} whose last item would describe a view into another storage (which
     * PyTorch has not written since 0.4).
     */
    private Object persistentLoad(Object pid) throws WeightFormatException {
        if (pid instanceof Object[] id && (id.length == 5 || id.length == 6 && id[5] == null)
                && "storage".equals(id[0]) && id[1] instanceof PythonGlobal type && type.role() == Role.STORAGE_TYPE
                && id[2] instanceof String key && id[4] instanceof Long numel && numel >= 0) {
            StorageRef storage = new StorageRef(key, type.name(), numel);
            storages.putIfAbsent(key, storage);
            return storage;
        }
        throw fail("persistent id " + describe(pid)
                + " is not ('storage', torch.<type>Storage, key, location, element count[, None])");
    }

    private Object memoGet(long index) throws WeightFormatException {
        Object value = memo.get(index);
        if (value == null && !memo.containsKey(index)) {
            throw fail("memo index " + index + " read before it was written");
        }
        return value;
    }

    private void memoPut(long index) throws WeightFormatException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw fail("more than " + MAX_MEMO + " memo entries");
        }
        memo.put(index, peek());
    }

    private void push(Object value) throws WeightFormatException {
        if (stack.size() >= MAX_STACK) {
            throw fail("more than " + MAX_STACK + " values on the stack");
        }
        if (++pushed > MAX_VALUES) {
            throw fail("more than " + MAX_VALUES + " values in all, far more than a state dict needs");
        }
        stack.add(value);
    }

    private Object pop() throws WeightFormatException {
        if (stack.size() <= (marks.isEmpty() ? 0 : marks.peek())) {
            throw fail("pops a value from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws WeightFormatException {
        if (stack.size() <= (marks.isEmpty() ? 0 : marks.peek())) {
            throw fail("reads the top of an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popToMark() throws WeightFormatException {
        if (marks.isEmpty()) {
            throw fail("needs a MARK, but there is none");
        }
        int mark = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private Object[] popTuple(int size) throws WeightFormatException {
        Object[] items = new Object[size];
        for (int i = size - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private void appendTo(List<Object> items) throws WeightFormatException {
        if (!(peek() instanceof ArrayList<?> list)) {
            throw fail("APPEND to " + describe(peek()) + ", which is not a list");
        }
        ((List<Object>) list).addAll(items);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop() throws WeightFormatException {
        if (!(peek() instanceof LinkedHashMap<?, ?> dict)) {
            throw fail("SETITEM on " + describe(peek()) + ", which is not a dict");
        }
        return (Map<Object, Object>) dict;
    }

    /** Keys and values alternate in {@code items}; keys are scalars, so no container is ever hashed. */
    private void putAll(Map<Object, Object> dict, List<Object> items) throws WeightFormatException {
        if (items.size() % 2 != 0) {
            throw fail("an odd number of dict keys and values");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            if (!(key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                    || key instanceof Double || key instanceof Boolean)) {
                throw fail("a dict key that is " + describe(key) + "; state dict keys are strings or numbers");
            }
            dict.put(key, items.get(i + 1));
        }
    }

    /**
     * Walks the finished value depth-first with an explicit stack, refusing a container that contains itself and
     * nesting deeper than {@link #MAX_DEPTH}; containers shared without a cycle are walked once.
     */
    private void checkShape(Object root) throws WeightFormatException {
        Map<Object, Boolean> finished = new IdentityHashMap<>();
        Map<Object, Boolean> onPath = new IdentityHashMap<>();
        ArrayDeque<Iterator<?>> path = new ArrayDeque<>();
        ArrayDeque<Object> containers = new ArrayDeque<>();
        Iterator<?> rootChildren = children(root);
        if (rootChildren == null) {
            return;
        }
        path.push(rootChildren);
        containers.push(root);
        onPath.put(root, true);
        while (!path.isEmpty()) {
            Iterator<?> next = path.peek();
            if (!next.hasNext()) {
                path.pop();
                Object done = containers.pop();
                onPath.remove(done);
                finished.put(done, true);
                continue;
            }
            Object child = next.next();
            Iterator<?> grandChildren = children(child);
            if (grandChildren == null || finished.containsKey(child)) {
                continue;
            }
            if (onPath.containsKey(child)) {
                throw new WeightFormatException(file, "entry '" + entry + "': " + describe(child)
                        + " contains itself (a cycle), which a state dict never does");
            }
            if (path.size() >= MAX_DEPTH) {
                throw new WeightFormatException(file, "entry '" + entry + "': values nested deeper than "
                        + MAX_DEPTH + " levels, far more than a state dict needs");
            }
            path.push(grandChildren);
            containers.push(child);
            onPath.put(child, true);
        }
    }

    /** The values a container holds, or null for a scalar. */
    private static Iterator<?> children(Object value) {
        if (value instanceof Object[] tuple) {
            return Arrays.asList(tuple).iterator();
        }
        if (value instanceof List<?> list) {
            return list.iterator();
        }
        if (value instanceof Map<?, ?> dict) {
            return dict.values().iterator();
        }
        return null;
    }

    /** The next {@code count} bytes, proven present. */
    private ByteBuffer need(int count) throws WeightFormatException {
        if (in.remaining() < count) {
            throw fail("ends inside an operand (" + count + " bytes needed, " + in.remaining() + " left)");
        }
        ByteBuffer operand = in.slice(in.position(), count).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + count);
        return operand;
    }

    private WeightFormatException fail(String problem) {
        return new WeightFormatException(file, "entry '" + entry + "' is not a valid torch.save pickle: at byte "
                + opcodeAt + ", " + problem);
    }

    private static String opcodeName(int opcode) {
        String name = switch (opcode) {
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 0x82, 0x83, 0x84 -> "EXT";
            case 'P' -> "PERSID";
            case 'I', 'L', 'F', 'S', 'V', 'g', 'p' -> "text-protocol";
            case 'T', 'U' -> "BINSTRING";
            case 0x8f, 0x90, 0x91 -> "set";
            case 0x96, 0x97, 0x98 -> "buffer";
            default -> "unknown";
        };
        return name + " (0x" + String.format("%02x", opcode) + ")";
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /** A value in words, without ever printing a container's contents, which may be huge or cyclic. */
    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof PythonObject object) {
            return "a " + object.type() + " object";
        }
        if (value instanceof PythonGlobal global) {
            return "the Python name " + global.qualifiedName();
        }
        if (value instanceof Map<?, ?>) {
            return "a dict";
        }
        if (value instanceof Object[]) {
            return "a tuple";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof byte[]) {
            return "a bytes object";
        }
        if (value instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (value instanceof String text) {
            return "the string '" + shorten(text) + "'";
        }
        if (value instanceof Number number) {
            return "the number " + number;
        }
        if (value instanceof TensorRef) {
            return "a tensor";
        }
        if (value instanceof StorageRef) {
            return "a storage";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
