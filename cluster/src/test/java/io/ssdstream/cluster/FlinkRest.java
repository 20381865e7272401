package io.ssdstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The cluster's REST API as the web UI and {@code curl} use it: jar upload and run (the job's main runs in the
 * JobManager, its tasks in a child-first user class loader in each TaskManager), job state, cancel, stop with a
 * savepoint. Hand-written on the JDK's HTTP client: Flink's own client submits job graphs, not jars.
 */
final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(URI base) {
        this.base = base;
    }

    void awaitReady(Duration timeout) throws Exception {
        await("the JobManager's REST API at " + base, timeout, () -> {
            try {
                get("/overview");
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits until the JobManager lists the TaskManager of this resource id. */
    void awaitTaskManager(String resourceId, Duration timeout) throws Exception {
        await("TaskManager " + resourceId + " registered", timeout, () -> taskManagerIds().contains(resourceId));
    }

    /** POST /jars/upload; returns the jar's id. */
    String uploadJar(Path jar) throws Exception {
        String boundary = UUID.randomUUID().toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = answer.path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** POST /jars/:jarid/run; returns the job's id. {@code savepoint} may be null. */
    String run(String jarId, List<String> programArguments, int parallelism, String savepoint) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.putPOJO("programArgsList", programArguments);
        request.put("parallelism", parallelism);
        if (savepoint != null) {
            request.put("savepointPath", savepoint);
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    String jobState(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Waits until the job and every one of its tasks run. */
    void awaitRunning(String jobId, Duration timeout) throws Exception {
        await("job " + jobId + " running in every task", timeout, () -> {
            JsonNode job = get("/jobs/" + jobId);
            if (job.path("state").asText().equals("FAILED")) {
                throw new AssertionError("job " + jobId + " failed: " + get("/jobs/" + jobId + "/exceptions"));
            }
            for (JsonNode vertex : job.path("vertices")) {
                if (!vertex.path("status").asText().equals("RUNNING")) {
                    return false;
                }
            }
            return job.path("state").asText().equals("RUNNING");
        });
    }

    long completedCheckpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").at("/counts/completed").asLong();
    }

    void awaitCheckpointsAfter(String jobId, long completed, Duration timeout) throws Exception {
        await("a checkpoint of job " + jobId + " after checkpoint " + completed, timeout,
                () -> completedCheckpoints(jobId) > completed);
    }

    /** PATCH /jobs/:jobid?mode=cancel, then waits for CANCELED. */
    void cancel(String jobId, Duration timeout) throws Exception {
        send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        await("job " + jobId + " cancelled", timeout, () -> jobState(jobId).equals("CANCELED"));
    }

    /** POST /jobs/:jobid/stop; returns the savepoint's location once it completed. */
    String stopWithSavepoint(String jobId, Path directory, Duration timeout) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", directory.toUri().toString());
        request.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        String[] location = new String[1];
        await("the savepoint of job " + jobId, timeout, () -> {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (!status.at("/status/id").asText().equals("COMPLETED")) {
                return false;
            }
            JsonNode operation = status.path("operation");
            if (operation.has("failure-cause")) {
                throw new AssertionError("savepoint of job " + jobId + " failed: " + operation);
            }
            location[0] = operation.path("location").asText();
            return true;
        });
        return location[0];
    }

    /** The ids the JobManager knows its TaskManagers by. */
    List<String> taskManagerIds() throws Exception {
        return get("/taskmanagers").path("taskmanagers").findValuesAsText("id");
    }

    /** One metric of one TaskManager, e.g. {@code Status.JVM.Memory.Metaspace.Used}. */
    double taskManagerMetric(String taskManagerId, String metric) throws Exception {
        for (JsonNode value : get("/taskmanagers/" + taskManagerId + "/metrics?get=" + metric)) {
            return value.path("value").asDouble();
        }
        throw new IllegalStateException("TaskManager " + taskManagerId + " reports no metric " + metric);
    }

    JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(response.request().method() + " " + response.request().uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** A condition that may call the API. */
    interface Check {
        boolean holds() throws Exception;
    }

    static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(250);
        }
    }
}
