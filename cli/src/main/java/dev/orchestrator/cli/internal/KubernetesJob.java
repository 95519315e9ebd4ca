package dev.orchestrator.cli.internal;

import dev.orchestrator.junit.Constants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Kubernetes Indexed Job that runs the recipes as {@code shards} pods, pod {@code i} (its
 * {@code JOB_COMPLETION_INDEX}, 0-based) running shard {@code i+1/shards} (docs/scale-out.md). Every user value is
 * passed as an argv element; the only shell is a fixed script that adds one to the index.
 *
 * @param name           the Job's name (a DNS label)
 * @param shards         how many shards, and pods
 * @param image          the container image: java 17+, the CLI jar at {@code jar}, and the workspace at
 *                       {@link #WORKSPACE} unless it comes from {@code volumeClaim}
 * @param jar            the CLI's fat jar inside the image
 * @param volumeClaim    a PersistentVolumeClaim mounted as the workspace; empty: the workspace is baked into the image
 * @param databaseSecret a Secret whose key {@code databaseKey} holds the run database URL; empty: none
 * @param databaseKey    the Secret's key holding the URL
 * @param runId          the run id every shard shares; empty: the Job's uid
 * @param recipes        the {@code --recipe} arguments (files or globs under the workspace)
 * @param config         extra {@code KEY=VALUE} configuration parameters
 * @param cpu            the CPU request of each pod
 * @param memory         the memory request (and limit) of each pod
 * @param retries        how often one shard is retried after a failure of its pod (not of its steps)
 */
record KubernetesJob(String name, int shards, String image, String jar, Optional<String> volumeClaim,
                     Optional<String> databaseSecret, String databaseKey, Optional<String> runId, List<String> recipes,
                     List<String> config, String cpu, String memory, int retries) {

    /** Where the workspace is, in the container. */
    static final String WORKSPACE = "/workspace";
    static final String CONTAINER = "orchestrator";
    /** The environment variable the run database URL is read into from the Secret. */
    static final String DATABASE_URL_ENV = "ORCHESTRATOR_DATABASE_URL";
    /** The key shards use for the run database URL; owned by the run database's configuration. */
    static final String DATABASE_URL_KEY = "orchestrator.database.url";
    /** The pod label holding the Job's uid (Kubernetes 1.27 and later). */
    static final String UID_LABEL = "batch.kubernetes.io/controller-uid";

    KubernetesJob {
        volumeClaim = volumeClaim.filter(s -> !s.isBlank());
        databaseSecret = databaseSecret.filter(s -> !s.isBlank());
        runId = runId.filter(s -> !s.isBlank());
        recipes = List.copyOf(recipes);
        config = List.copyOf(config);
    }

    /** The manifest as YAML: one document, keys in Kubernetes' usual order. */
    String toYaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(200);
        options.setSplitLines(false);
        options.setDereferenceAliases(true); // kubectl reads anchors, but people copy manifests: write them out
        return new Yaml(options).dump(manifest());
    }

    Map<String, Object> manifest() {
        Map<String, Object> labels = map("app.kubernetes.io/name", "orchestrator", "app.kubernetes.io/instance", name);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", shards);
        spec.put("parallelism", shards);
        // a pod that dies (evicted, OOM-killed) is retried per shard; a shard whose steps failed is not: its results stand
        spec.put("backoffLimitPerIndex", retries);
        spec.put("backoffLimit", retries * shards);
        spec.put("podFailurePolicy", map("rules", List.of(
                map("action", "FailIndex", "onExitCodes",
                        map("containerName", CONTAINER, "operator", "In", "values", List.of(1, 2))),
                map("action", "Ignore", "onPodConditions", List.of(map("type", "DisruptionTarget"))))));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("containers", List.of(container()));
        volumeClaim.ifPresent(claim -> podSpec.put("volumes", List.of(
                map("name", "workspace", "persistentVolumeClaim", map("claimName", claim)))));
        spec.put("template", map("metadata", map("labels", new LinkedHashMap<>(labels)), "spec", podSpec));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", map("name", name, "labels", labels));
        job.put("spec", spec);
        return job;
    }

    private Map<String, Object> container() {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", CONTAINER);
        container.put("image", image);
        container.put("workingDir", WORKSPACE);
        // the index is 0-based and shards are numbered from 1: a fixed script adds one; "$0" is the jar and "$@"
        // the arguments below, so no user value is ever part of a shell string
        container.put("command", List.of("sh", "-c", "exec java -jar \"$0\" run --config "
                + Constants.SHARD + "=\"$((JOB_COMPLETION_INDEX + 1))/" + shards + "\" \"$@\"", jar));
        container.put("args", args());
        container.put("env", env());
        container.put("resources", map("requests", map("cpu", cpu, "memory", memory), "limits", map("memory", memory)));
        volumeClaim.ifPresent(claim -> container.put("volumeMounts", List.of(
                map("name", "workspace", "mountPath", WORKSPACE))));
        return container;
    }

    private List<String> args() {
        List<String> args = new ArrayList<>(List.of("--workspace", WORKSPACE));
        for (String recipe : recipes) {
            args.add("--recipe");
            args.add(recipe);
        }
        // $(VAR) is expanded by the kubelet from the container's environment, not by a shell
        args.add("--config");
        args.add(Constants.RUN_ID + "=$(RUN_ID)");
        if (databaseSecret.isPresent()) {
            args.add("--config");
            args.add(DATABASE_URL_KEY + "=$(" + DATABASE_URL_ENV + ")");
        }
        for (String pair : config) {
            args.add("--config");
            args.add(pair);
        }
        return args;
    }

    private List<Object> env() {
        List<Object> env = new ArrayList<>();
        env.add(runId.<Map<String, Object>>map(id -> map("name", "RUN_ID", "value", id))
                .orElseGet(() -> map("name", "RUN_ID", "valueFrom",
                        map("fieldRef", map("fieldPath", "metadata.labels['" + UID_LABEL + "']")))));
        databaseSecret.ifPresent(secret -> env.add(map("name", DATABASE_URL_ENV, "valueFrom",
                map("secretKeyRef", map("name", secret, "key", databaseKey)))));
        return env;
    }

    /** An ordered map of key, value, key, value, …. */
    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
