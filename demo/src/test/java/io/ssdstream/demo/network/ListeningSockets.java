package io.ssdstream.demo.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, as the kernel reports them: the LISTEN entries of {@code /proc/self/net/tcp}
 * and {@code tcp6} whose inode is one of this process's open file descriptors. Independent of every library's
 * notion of what it bound, so that a test can see exactly what another machine could connect to. Linux only.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/net/tcp"));
    }

    /** Every address and port this process listens on now. */
    static Set<InetSocketAddress> ofThisProcess() {
        Set<String> inodes = socketInodes();
        Set<InetSocketAddress> listening = new HashSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                lines.skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[3].equals(LISTEN) && inodes.contains(fields[9]))
                        .forEach(fields -> listening.add(address(fields[1])));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table, e);
            }
        }
        return listening;
    }

    /** The inodes behind this process's descriptors that are sockets ({@code socket:[INODE]}). */
    private static Set<String> socketInodes() {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between listing and reading: it is not a listener any more
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/self/fd", e);
        }
        return inodes;
    }

    /**
     * {@code HEXADDRESS:HEXPORT} as the kernel writes it: the address as 32-bit words in host (little-endian)
     * order, the port big-endian.
     */
    private static InetSocketAddress address(String field) {
        String[] parts = field.split(":");
        byte[] bytes = HexFormat.of().parseHex(parts[0]);
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = bytes[word + i];
                bytes[word + i] = bytes[word + 3 - i];
                bytes[word + 3 - i] = swap;
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + field, e);
        }
    }
}
