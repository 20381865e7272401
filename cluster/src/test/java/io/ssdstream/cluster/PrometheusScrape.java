package io.ssdstream.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One scrape of a Prometheus text endpoint (exposition format 0.0.4), as Prometheus itself would do it. */
record PrometheusScrape(List<Sample> samples) {

    /** One line: the metric name, its labels as written, its value. */
    record Sample(String name, String labels, double value) {}

    static PrometheusScrape of(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + StandaloneCluster.LOOPBACK + ":" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Prometheus endpoint on port " + port + ": HTTP " + response.statusCode());
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labelsEnd = line.lastIndexOf('}');
            int nameEnd = line.indexOf('{');
            int valueStart = line.indexOf(' ', Math.max(labelsEnd, 0));
            String name = nameEnd >= 0 ? line.substring(0, nameEnd) : line.substring(0, valueStart);
            String labels = nameEnd >= 0 ? line.substring(nameEnd + 1, labelsEnd) : "";
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(valueStart + 1).strip()
                    .split(" ")[0])));
        }
        return new PrometheusScrape(List.copyOf(samples));
    }

    /** Samples whose name ends with {@code suffix}, e.g. {@code _operator_framesIn}. */
    List<Sample> named(String suffix) {
        return samples.stream().filter(s -> s.name().endsWith(suffix)).toList();
    }

    double sum(String suffix) {
        return named(suffix).stream().mapToDouble(Sample::value).sum();
    }
}
