package io.ssdstream.deploy.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;

/**
 * Reads the models' annotations except the two that make them lenient: fabric8 and Strimzi classes declare
 * {@code @JsonIgnoreProperties(ignoreUnknown = true)} and collect unknown fields in an {@code @JsonAnySetter} map,
 * so a misspelled field would bind silently. Without both, Jackson reports it.
 */
final class StrictAnnotationIntrospector extends JacksonAnnotationIntrospector {

    private static final long serialVersionUID = 1L;

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
        return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
    }

    @Override
    public Boolean hasAnySetter(Annotated annotated) {
        return Boolean.FALSE;
    }
}
