package io.ssdstream.deploy.model;

import com.fasterxml.jackson.databind.JsonMappingException;

/** A Jackson error's location as a manifest author writes it: {@code spec.podTemplate.spec.containers[0].env}. */
final class FieldPath {

    private FieldPath() {
    }

    static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(document)" : path.toString();
    }
}
