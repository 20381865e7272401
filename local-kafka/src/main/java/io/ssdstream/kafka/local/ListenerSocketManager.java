package io.ssdstream.kafka.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * The test kit binds every listener's socket before the node starts (the quorum configuration must name the
 * controller's port, and a restarted broker keeps its port), and its own manager binds them all on every
 * interface. This one binds each listener on the address given for it.
 */
final class ListenerSocketManager extends PreboundSocketFactoryManager {

    private final Map<String, InetAddress> addresses;
    private final Map<String, ServerSocketChannel> sockets = new HashMap<>();

    /** @param addresses the address each listener (by name) binds to */
    ListenerSocketManager(Map<String, InetAddress> addresses) {
        this.addresses = Map.copyOf(addresses);
    }

    @Override
    public synchronized int getOrCreatePortForListener(int nodeId, String listener) throws IOException {
        ServerSocketChannel socket = sockets.get(key(nodeId, listener));
        if (socket == null) {
            InetAddress address = addresses.get(listener);
            if (address == null) {
                throw new IllegalStateException("no bind address for the Kafka listener " + listener);
            }
            // Kafka's own factory, so that the socket is set up as its listeners expect (non-blocking)
            socket = ServerSocketFactory.INSTANCE.openServerSocket(listener, new InetSocketAddress(address, 0), -1,
                    -1);
            sockets.put(key(nodeId, listener), socket);
        }
        return ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    /**
     * The bound socket a listener takes over; the test kit's socket factory asks for it by name, and reopens it
     * on the listener's configured host and the same port when it has been closed (a restarted broker).
     */
    @Override
    public synchronized ServerSocketChannel getSocketForListenerAndMarkAsUsed(int nodeId, String listener) {
        return sockets.get(key(nodeId, listener));
    }

    @Override
    public synchronized void close() throws Exception {
        for (ServerSocketChannel socket : sockets.values()) {
            socket.close();
        }
        super.close();
    }

    private static String key(int nodeId, String listener) {
        return nodeId + "/" + listener;
    }
}
