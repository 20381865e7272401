package io.ssdstream.zones.config;

/** The rule for zone and line names, which name them in events, counts and error messages. */
final class ConfigNames {

    private ConfigNames() {
    }

    static void require(String kind, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " has no name; every " + kind + " needs one");
        }
    }
}
