package io.ssdstream.cli.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one weights file into a cache the way torch.hub does, with the guarantees a pull needs on a flaky
 * network: bytes go to {@code NAME.part} next to the final file; a broken download is resumed from where it stopped
 * with an HTTP Range request; the whole file's SHA-256 must start with the prefix its name carries before it is
 * renamed, atomically, to its final name. A file under the final name is therefore always complete and verified.
 *
 * <p>The JDK's {@link HttpClient} is used with {@link ProxySelector#getDefault()}, so the JVM's standard proxy
 * properties ({@code https.proxyHost}, {@code https.proxyPort}, {@code http.nonProxyHosts}, ...) apply.
 */
final class WeightsDownload {

    /** How often the waiting thread looks at the body's progress (and redraws the bar). */
    private static final long POLL_MILLIS = 100;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final DownloadSettings settings;
    private final DownloadProgress progress;
    private final HttpClient client;

    WeightsDownload(DownloadSettings settings, DownloadProgress progress) {
        this.settings = settings;
        this.progress = progress;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        this.client = builder.build();
    }

    /**
     * Makes {@code target} the verified file served at {@code url}: nothing is fetched when it is already there
     * and its digest matches.
     *
     * @return whether bytes were downloaded (false: the cached file was used)
     */
    boolean fetch(URI url, Path target, String sha256Prefix) throws IOException {
        if (Files.isRegularFile(target)) {
            String digest = FileDigests.sha256(target);
            if (digest.startsWith(sha256Prefix)) {
                return false;
            }
            // A cached file can only be wrong if something other than a pull wrote it; fetch it again.
            Files.delete(target);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        if (!download(url, part)) {
            // the server could not serve the range we hold (the file changed, or the part is bad): start over
            Files.deleteIfExists(part);
            download(url, part);
        }
        String digest = FileDigests.sha256(part);
        if (!digest.startsWith(sha256Prefix)) {
            Files.delete(part);
            throw new IOException(target.getFileName() + " from " + url + " fails its hash check: SHA-256 must start"
                    + " with " + sha256Prefix + " but is " + digest + "; the download was deleted");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** One request into {@code part}; false when the server refused the range (416). */
    private boolean download(URI url, Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(settings.readTimeout());
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        PartFileHandler handler = new PartFileHandler(url, part, have);
        CompletableFuture<HttpResponse<Long>> response = client.sendAsync(request.build(), handler);
        HttpResponse<Long> done;
        try {
            done = await(url, response, handler);
        } catch (IOException e) {
            progress.interrupt();
            throw e;
        }
        if (done.statusCode() == 416) {
            return false;
        }
        if (done.statusCode() != 200 && done.statusCode() != 206) {
            throw new IOException("HTTP " + done.statusCode() + " from " + url);
        }
        progress.finish();
        return true;
    }

    private HttpResponse<Long> await(URI url, CompletableFuture<HttpResponse<Long>> response, PartFileHandler handler)
            throws IOException {
        long readTimeoutNanos = settings.readTimeout().toNanos();
        while (true) {
            try {
                return response.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                PartFile body = handler.body;
                if (body != null) {
                    progress.update(body.bytes.get());
                    if (System.nanoTime() - body.lastDataNanos > readTimeoutNanos) {
                        body.abort();
                        response.cancel(true);
                        throw new IOException("no data from " + url + " for " + settings.readTimeout().toSeconds()
                                + " s (--read-timeout); " + resumeHint(handler.part));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.cancel(true);
                throw new IOException("interrupted while downloading " + url, e);
            } catch (ExecutionException e) {
                throw failure(url, handler, e.getCause());
            }
        }
    }

    private IOException failure(URI url, PartFileHandler handler, Throwable cause) {
        if (cause instanceof UncheckedIOException unchecked) {
            cause = unchecked.getCause();
        }
        if (cause instanceof RefusedResponse refused) {
            return new IOException(refused.getMessage());
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new IOException("cannot connect to " + url + " within " + settings.connectTimeout().toSeconds()
                    + " s (--connect-timeout); behind a proxy set -Dhttps.proxyHost and -Dhttps.proxyPort", cause);
        }
        if (cause instanceof ConnectException) {
            String reason = cause.getCause() instanceof UnresolvedAddressException ? "host not found"
                    : cause.getMessage() == null ? "connection refused" : cause.getMessage();
            return new IOException("cannot connect to " + url + " (" + reason + "); behind a proxy set"
                    + " -Dhttps.proxyHost and -Dhttps.proxyPort", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new IOException(url + " did not answer within " + settings.readTimeout().toSeconds()
                    + " s (--read-timeout)", cause);
        }
        if (handler.body != null) {
            return new IOException("the download of " + url + " broke off (" + describe(cause) + "); "
                    + resumeHint(handler.part), cause);
        }
        return new IOException("cannot download " + url + ": " + describe(cause), cause);
    }

    private static String resumeHint(Path part) {
        long kept;
        try {
            kept = Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            kept = 0;
        }
        return kept + " bytes are kept in " + part + "; run the same command again to resume";
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** A response this download cannot use, named in its message. */
    private static final class RefusedResponse extends IOException {
        RefusedResponse(String message) {
            super(message);
        }
    }

    /**
     * Chooses where the body goes from the status: 200 rewrites the part from its start, 206 appends after
     * checking that the range starts where the part ends; anything else is read and dropped.
     */
    private final class PartFileHandler implements HttpResponse.BodyHandler<Long> {

        private final URI url;
        private final Path part;
        private final long have;
        private volatile PartFile body;

        PartFileHandler(URI url, Path part, long have) {
            this.url = url;
            this.part = part;
            this.have = have;
        }

        @Override
        public BodySubscriber<Long> apply(ResponseInfo info) {
            long start;
            long total;
            if (info.statusCode() == 200) {
                start = 0;
                total = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else if (info.statusCode() == 206) {
                String range = info.headers().firstValue("Content-Range").orElse("");
                Matcher matcher = CONTENT_RANGE.matcher(range);
                if (!matcher.matches() || Long.parseLong(matcher.group(1)) != have) {
                    return refuse(url + " answered the request for bytes " + have + "- with Content-Range '" + range
                            + "'");
                }
                start = have;
                total = matcher.group(3).equals("*") ? -1 : Long.parseLong(matcher.group(3));
            } else {
                return BodySubscribers.replacing(-1L);
            }
            if (total > settings.maxBytes()) {
                return refuse(url + " serves " + total + " bytes, more than the " + settings.maxBytes()
                        + " accepted for a weights file");
            }
            try {
                body = new PartFile(part, start, settings.maxBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            progress.start(start, total);
            return body;
        }

        private BodySubscriber<Long> refuse(String message) {
            return BodySubscribers.mapping(BodySubscribers.discarding(), ignored -> {
                throw new UncheckedIOException(new RefusedResponse(message));
            });
        }
    }

    /** Writes the body's bytes into the part file as they arrive, counting them and when the last ones came. */
    private static final class PartFile implements BodySubscriber<Long> {

        private final FileChannel channel;
        private final long maxBytes;
        private final CompletableFuture<Long> result = new CompletableFuture<>();
        final AtomicLong bytes;
        volatile long lastDataNanos = System.nanoTime();
        private volatile Flow.Subscription subscription;

        PartFile(Path part, long start, long maxBytes) throws IOException {
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(start);
            channel.position(start);
            this.bytes = new AtomicLong(start);
            this.maxBytes = maxBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer buffer : buffers) {
                    while (buffer.hasRemaining()) {
                        bytes.addAndGet(channel.write(buffer));
                    }
                }
                lastDataNanos = System.nanoTime();
                if (bytes.get() > maxBytes) {
                    throw new IOException("the server sent more than the " + maxBytes
                            + " bytes accepted for a weights file");
                }
            } catch (IOException e) {
                subscription.cancel();
                fail(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void onComplete() {
            try {
                channel.force(false);
                channel.close();
                result.complete(bytes.get());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public CompletionStage<Long> getBody() {
            return result;
        }

        /** Stops a stalled body: the bytes written so far stay in the part for the next pull. */
        void abort() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            fail(new IOException("aborted"));
        }

        private void fail(Throwable error) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the error being reported matters more than a failed close of the part file
            }
            result.completeExceptionally(error);
        }
    }
}
