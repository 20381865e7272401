package io.ssdstream.demo.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.ClassCount;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.tracking.Box;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The viewer's web server: a static page that polls {@code /api/state} (every camera's latest detected frame,
 * its zones and lines with their occupancy and crossings, its latest window of counts, throughput and latency as
 * JSON) and loads each new frame from {@code /api/frame?camera=ID&sequence=N}, drawing the
 * boxes itself. Built on the JDK's HTTP server: nothing to install, nothing to configure.
 */
public final class ViewerServer implements AutoCloseable {

    private static final String RESOURCES = "/io/ssdstream/demo/viewer/";
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/viewer.js", "viewer.js", "/viewer.css", "viewer.css");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService workers;
    private final LiveView view;
    private final ObjectMapper json = new ObjectMapper();
    private final long startedMillis = System.currentTimeMillis();
    private final Map<String, Object> links;

    /**
     * Starts serving.
     *
     * @param links named addresses the page links to (Flink's web UI), shown in its header
     */
    public ViewerServer(ViewerConfig config, LiveView view, Map<String, String> links) throws IOException {
        this.view = view;
        this.links = new LinkedHashMap<>(links);
        try {
            this.server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 16);
        } catch (BindException e) {
            throw new BindException("cannot serve the viewer on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage() + " (choose another --viewer-port, or 0 for any free one)");
        }
        this.workers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "viewer-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the page is, e.g. {@code http://127.0.0.1:8090/}. */
    public URI address() {
        InetSocketAddress bound = server.getAddress();
        return URI.create("http://" + bound.getHostString() + ":" + bound.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/state")) {
                send(exchange, 200, "application/json", json.writeValueAsBytes(state()));
            } else if (path.equals("/api/frame")) {
                Map<String, String> query = query(exchange.getRequestURI());
                Optional<byte[]> jpeg = frame(query.get("camera"), query.get("sequence"));
                if (jpeg.isPresent()) {
                    send(exchange, 200, "image/jpeg", jpeg.get());
                } else {
                    send(exchange, 404, "text/plain", "no such frame (it may have been superseded)\n"
                            .getBytes(StandardCharsets.UTF_8));
                }
            } else if (STATIC.containsKey(path)) {
                String file = STATIC.get(path);
                send(exchange, 200, CONTENT_TYPES.get(file.substring(file.lastIndexOf('.') + 1)), resource(file));
            } else {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private Optional<byte[]> frame(String camera, String sequence) {
        if (camera == null || sequence == null) {
            return Optional.empty();
        }
        try {
            return view.serveFrame(camera, Long.parseLong(sequence));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Map<String, Object> state() {
        long now = System.currentTimeMillis();
        LiveView.Statistics statistics = view.statistics(now);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("uptimeSeconds", (now - startedMillis) / 1000);
        state.put("eventsPerSecond", Math.round(statistics.eventsPerSecond() * 10) / 10.0);
        state.put("latencyP50Millis", statistics.latencyP50Millis());
        state.put("latencyP95Millis", statistics.latencyP95Millis());
        state.put("events", statistics.events());
        state.put("framesSeen", statistics.framesSeen());
        state.put("shed", statistics.shed());
        state.put("rejected", statistics.rejected());
        state.put("undecodable", statistics.undecodable());
        LiveView.AnalyticsCounts analytics = view.analyticsCounts();
        state.put("crossingsIn", analytics.crossingsIn());
        state.put("crossingsOut", analytics.crossingsOut());
        state.put("zoneEntries", analytics.zoneEntries());
        state.put("invalidConfigs", view.invalidConfigs());
        state.put("links", links);
        List<Map<String, Object>> cameras = new ArrayList<>();
        for (String camera : view.cameras()) {
            view.latest(camera).ifPresent(snapshot -> cameras.add(camera(camera, snapshot.event())));
        }
        state.put("cameras", cameras);
        return state;
    }

    private Map<String, Object> camera(String camera, DetectionEvent event) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", camera);
        entry.put("frameSequence", event.getFrameSequence());
        entry.put("captureTime", event.getCaptureTime().toString());
        entry.put("latencyMillis", event.getProcessingTime().toEpochMilli() - event.getCaptureTime().toEpochMilli());
        entry.put("width", event.getFrameWidth());
        entry.put("height", event.getFrameHeight());
        entry.put("model", event.getModelName() + " " + event.getModelVersion());
        entry.put("events", view.eventsOf(camera));
        entry.put("served", view.servedOf(camera));
        Optional<CameraZones> zones = view.zones(camera);
        List<Map<String, Object>> detections = new ArrayList<>();
        for (Detection detection : event.getDetections()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("label", detection.getLabel().toString());
            d.put("score", Math.round(detection.getScore() * 1000) / 1000.0);
            d.put("box", List.of(detection.getBox().getXMin(), detection.getBox().getYMin(),
                    detection.getBox().getXMax(), detection.getBox().getYMax()));
            putTrack(d, camera, detection.getTrackId());
            d.put("zones", zones.map(z -> zonesHolding(z, detection)).orElse(List.of()));
            detections.add(d);
        }
        entry.put("detections", detections);
        entry.put("objects", activeObjects(camera, event.getCaptureTime().toEpochMilli()));
        entry.put("zones", zones.map(z -> zones(camera, z.config())).orElse(List.of()));
        entry.put("lines", zones.map(z -> lines(camera, z.config())).orElse(List.of()));
        entry.put("counts", view.latestCounts(camera).map(ViewerServer::counts).orElse(null));
        return entry;
    }

    /** The zones holding a detection; none for a box without area, which the zones module cannot place. */
    private static List<String> zonesHolding(CameraZones zones, Detection detection) {
        BoundingBox b = detection.getBox();
        if (!(b.getXMax() > b.getXMin() && b.getYMax() > b.getYMin())) {
            return List.of();
        }
        return zones.zonesHolding(detection.getLabel().toString(),
                new Box(b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax()));
    }

    /** The camera's zones in configuration order, each with its outline and the objects in it now. */
    private List<Map<String, Object>> zones(String camera, CameraConfig config) {
        List<Map<String, Object>> zones = new ArrayList<>();
        for (Zone zone : config.zones()) {
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("name", zone.name());
            z.put("points", zone.vertices().stream().map(p -> List.of(p.x(), p.y())).toList());
            z.put("occupancy", view.occupancyOf(camera, zone.name()));
            zones.add(z);
        }
        return zones;
    }

    /** The camera's lines in configuration order, each with its ends, its in side and its crossings so far. */
    private List<Map<String, Object>> lines(String camera, CameraConfig config) {
        Map<String, LiveView.LineTally> crossings = view.crossingsOf(camera);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (CountingLine line : config.lines()) {
            LiveView.LineTally tally = crossings.getOrDefault(line.name(), new LiveView.LineTally(0, 0));
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", line.name());
            l.put("from", List.of(line.from().x(), line.from().y()));
            l.put("to", List.of(line.to().x(), line.to().y()));
            l.put("inSide", line.inSide().name());
            l.put("in", tally.in());
            l.put("out", tally.out());
            lines.add(l);
        }
        return lines;
    }

    /** A window of counts: per class, the distinct objects, the crossings per line and the zone occupancy. */
    private static Map<String, Object> counts(CameraClassCounts counts) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("windowStart", counts.getWindowStart().toString());
        window.put("windowEnd", counts.getWindowEnd().toString());
        window.put("revision", counts.getRevision());
        window.put("frames", counts.getFrames());
        List<Map<String, Object>> classes = new ArrayList<>();
        for (ClassCount count : counts.getClasses()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", count.getLabel().toString());
            c.put("distinctObjects", count.getDistinctObjects());
            c.put("lines", count.getLineCrossings().stream().map(l -> ordered("line", l.getLine().toString(),
                    "in", l.getIn(), "out", l.getOut())).toList());
            c.put("zones", count.getZones().stream().map(z -> ordered("zone", z.getZone().toString(),
                    "max", z.getMax(), "mean", Math.round(z.getMean() * 100) / 100.0)).toList());
            classes.add(c);
        }
        window.put("classes", classes);
        return window;
    }

    /** A detection's track id (null if it has none) and its object's recent centres. */
    private void putTrack(Map<String, Object> detection, String camera, Long trackId) {
        detection.put("trackId", trackId);
        List<List<Double>> trail = new ArrayList<>();
        if (trackId != null) {
            view.trail(camera, trackId).forEach(point -> trail.add(List.of(point.x(), point.y())));
        }
        detection.put("trail", trail);
    }

    /** The camera's active objects; age is measured in capture time, up to the frame shown. */
    private List<Map<String, Object>> activeObjects(String camera, long shownCaptureMillis) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (LiveView.ActiveObject object : view.activeObjects(camera)) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("trackId", object.trackId());
            o.put("label", object.label());
            o.put("ageSeconds", Math.max(0, shownCaptureMillis - object.firstSeen().toEpochMilli()) / 1000);
            o.put("stationary", object.stationary());
            objects.add(o);
        }
        return objects;
    }

    /** A JSON object with three keys in this order. */
    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2, String k3, Object v3) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        map.put(k3, v3);
        return map;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static byte[] resource(String file) {
        try (InputStream in = ViewerServer.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("viewer resource " + file + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
