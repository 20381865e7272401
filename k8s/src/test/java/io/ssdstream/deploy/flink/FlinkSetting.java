package io.ssdstream.deploy.flink;

/**
 * One Flink configuration entry the deployment sets, and where.
 *
 * @param origin the manifest, Dockerfile or compose service setting it
 */
public record FlinkSetting(String origin, String key, String value) {

    @Override
    public String toString() {
        return origin + ": " + key + ": " + value;
    }
}
