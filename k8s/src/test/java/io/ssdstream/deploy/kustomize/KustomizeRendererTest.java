package io.ssdstream.deploy.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.deploy.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer against kustomize's own behaviour, each case as {@code kubectl kustomize} (v5) renders it: custom
 * resources merge as JSON merge patches, so a list is replaced, never merged by name.
 */
class KustomizeRendererTest {

    private static final String KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

    @TempDir
    Path root;

    @BeforeEach
    void base() throws IOException {
        write("base/kustomization.yaml", KUSTOMIZATION + """
                resources: [thing.yaml]
                labels:
                  - pairs: {team: vision}
                """);
        write("base/thing.yaml", """
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: t}
                spec:
                  containers:
                    - {name: a, image: a}
                    - {name: b, image: b}
                  args: [x, y]
                  settings: {keep: "1", drop: "2"}
                """);
    }

    @Test
    void aMergePatchMergesObjectsReplacesListsAndDeletesNulls() throws IOException {
        overlay("""
                patches:
                  - path: patch.yaml
                """, "patch.yaml", """
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: t}
                spec:
                  containers:
                    - {name: b, env: [{name: X, value: "1"}]}
                  settings: {drop: null, added: "3"}
                """);

        Manifest thing = single(render());

        assertThat(thing.at("spec", "containers").toString()).isEqualTo("[{\"name\":\"b\",\"env\":[{\"name\":\"X\",\"value\":\"1\"}]}]");
        assertThat(thing.at("spec", "args").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(thing.at("spec", "settings").toString()).isEqualTo("{\"keep\":\"1\",\"added\":\"3\"}");
    }

    @Test
    void aJsonPatchAddsReplacesAndRemoves() throws IOException {
        overlay("""
                patches:
                  - path: ops.yaml
                    target: {kind: Thing, name: t}
                """, "ops.yaml", """
                - {op: add, path: /spec/args/-, value: z}
                - {op: add, path: /spec/args/0, value: w}
                - {op: replace, path: /spec/containers/1/image, value: b2}
                - {op: remove, path: /spec/settings/drop}
                """);

        Manifest thing = single(render());

        assertThat(thing.at("spec", "args").toString()).isEqualTo("[\"w\",\"x\",\"y\",\"z\"]");
        assertThat(thing.at("spec", "containers").get(1).path("image").asText()).isEqualTo("b2");
        assertThat(thing.at("spec", "settings").has("drop")).isFalse();
    }

    @Test
    void aJsonPatchIntoAMissingFieldFails() throws IOException {
        overlay("""
                patches:
                  - path: ops.yaml
                    target: {kind: Thing}
                """, "ops.yaml", """
                - {op: add, path: /spec/argz/-, value: z}
                """);

        assertThatThrownBy(this::render).hasMessageContaining("ops.yaml (add /spec/argz/-): no such field 'argz'");
    }

    @Test
    void labelsGoOnEveryObjectAndKeepTheirOwn() throws IOException {
        overlay("", null, null);

        assertThat(single(render()).at("metadata", "labels").toString()).isEqualTo("{\"team\":\"vision\"}");
    }

    @Test
    void aKustomizationFieldTheRendererDoesNotImplementFails() throws IOException {
        overlay("namePrefix: prod-\n", null, null);

        assertThatThrownBy(this::render)
                .hasMessageContaining("overlay/kustomization.yaml")
                .hasMessageContaining("'namePrefix' is not supported");
    }

    @Test
    void aMergePatchOnABuiltInKindFails() throws IOException {
        // kubectl would merge a Pod's containers by name; this renderer would replace them
        overlay("""
                patches:
                  - path: patch.yaml
                """, "patch.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: t}
                """);

        assertThatThrownBy(this::render).hasMessageContaining("merge patches on built-in kinds (Pod) are not supported");
    }

    @Test
    void aPatchWhoseTargetIsMissingFails() throws IOException {
        overlay("""
                patches:
                  - path: patch.yaml
                """, "patch.yaml", """
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: other}
                """);

        assertThatThrownBy(this::render).hasMessageContaining("patch target Thing other not found");
    }

    @Test
    void aStrategicMergeDirectiveFails() throws IOException {
        overlay("""
                patches:
                  - path: patch.yaml
                """, "patch.yaml", """
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: t}
                spec: {$patch: replace}
                """);

        assertThatThrownBy(this::render).hasMessageContaining("strategic-merge directive $patch is not supported");
    }

    private void overlay(String kustomization, String patchFile, String patch) throws IOException {
        write("overlay/kustomization.yaml", KUSTOMIZATION + "resources: [../base]\n" + kustomization);
        if (patchFile != null) {
            write("overlay/" + patchFile, patch);
        }
    }

    private List<Manifest> render() {
        return KustomizeRenderer.render(root.resolve("overlay"));
    }

    private static Manifest single(List<Manifest> manifests) {
        assertThat(manifests).hasSize(1);
        return manifests.get(0);
    }

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
