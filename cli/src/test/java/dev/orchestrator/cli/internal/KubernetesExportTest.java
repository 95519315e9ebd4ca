package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrator export kubernetes}: the manifest is read back with the Kubernetes model classes (a field the
 * model does not know fails), and its container command is run the way the kubelet runs it.
 */
class KubernetesExportTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private static Job export(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("export", "kubernetes"));
        argv.addAll(List.of(args));
        Cli.Result result = Cli.run(argv.toArray(String[]::new));
        assertThat(result.code()).as(result.toString()).isZero();
        Job job = YAML.readValue(result.out(), Job.class);
        assertThat(unknownFields(job, "job", new IdentityHashMap<>())).as("fields the Kubernetes model does not know")
                .isEmpty();
        return job;
    }

    @Test
    void anIndexedJobOfOnePodPerShardWithTheWorkspaceVolumeAndTheDatabaseSecret() throws Exception {
        Job job = export("--shards", "4", "--image", "registry.example/qa/orchestrator:1.0", "--workspace-volume",
                "qa-workspace", "--database-secret", "orchestrator-db", "--cpu", "500m", "--memory", "2Gi");

        assertThat(job.getApiVersion()).isEqualTo("batch/v1");
        assertThat(job.getKind()).isEqualTo("Job");
        assertThat(job.getMetadata().getName()).isEqualTo("orchestrator");
        JobSpec spec = job.getSpec();
        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        assertThat(spec.getCompletions()).isEqualTo(4);
        assertThat(spec.getParallelism()).isEqualTo(4);
        assertThat(spec.getBackoffLimitPerIndex()).isEqualTo(1);
        assertThat(spec.getBackoffLimit()).isEqualTo(4);
        assertThat(spec.getPodFailurePolicy().getRules()).extracting(r -> r.getAction())
                .containsExactly("FailIndex", "Ignore");
        assertThat(spec.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues()).containsExactly(1, 2);
        PodSpec pod = spec.getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("workspace");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("qa-workspace");
        });
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/qa/orchestrator:1.0");
        assertThat(container.getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/workspace"));
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        assertThat(env(container, "RUN_ID").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['batch.kubernetes.io/controller-uid']");
        EnvVar url = env(container, "ORCHESTRATOR_DATABASE_URL");
        assertThat(url.getValue()).isNull();
        assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orchestrator-db");
        assertThat(url.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
        assertThat(container.getArgs()).containsSubsequence("--config", "orchestrator.database.url=$(ORCHESTRATOR_DATABASE_URL)");
    }

    @Test
    void aBakedWorkspaceMountsNothingAndAGivenRunIdIsALiteral() throws Exception {
        Job job = export("--shards", "2", "--image", "img:1", "--baked", "--run-id", "nightly-7", "--name", "qa-nightly",
                "-r", "recipes/smoke/*.yaml");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).isEmpty();
        Container container = pod.getContainers().get(0);
        assertThat(container.getVolumeMounts()).isEmpty();
        assertThat(env(container, "RUN_ID").getValue()).isEqualTo("nightly-7");
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("RUN_ID");
        assertThat(job.getMetadata().getName()).isEqualTo("qa-nightly");
        assertThat(container.getArgs()).containsSubsequence("--recipe", "recipes/smoke/*.yaml");
    }

    @Test
    void eachPodRunsItsOwnShardWithTheArgumentsAsGivenNeverThroughAShellString() throws Exception {
        Job job = export("--shards", "4", "--image", "img:1", "--baked", "-r", "recipes/*.yaml",
                "-c", "orchestrator.project=it's a \"name\"; $(whoami)");
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        // a stand-in java that prints its arguments, one a line
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(dir.resolve("recipes-star-would-match-this.yaml"));

        List<String> argv = new ArrayList<>(container.getCommand());
        Map<String, String> env = Map.of("RUN_ID", "uid-123");
        for (String arg : container.getArgs()) {
            argv.add(kubeletExpand(arg, env));
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("JOB_COMPLETION_INDEX", "2");
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();

        assertThat(out.lines()).containsExactly("-jar", "/opt/orchestrator/orchestrator.jar", "run",
                "--config", "orchestrator.shard=3/4", "--workspace", "/workspace", "--recipe", "recipes/*.yaml",
                "--config", "orchestrator.run-id=uid-123", "--config", "orchestrator.project=it's a \"name\"; $(whoami)");
    }

    @Test
    void aFieldTheModelDoesNotKnowIsFound() throws Exception {
        Job typo = YAML.readValue("apiVersion: batch/v1\nkind: Job\nspec:\n  completionsMode: Indexed\n", Job.class);
        assertThat(unknownFields(typo, "job", new IdentityHashMap<>())).containsExactly("job.Spec.completionsMode");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(Cli.run("export", "kubernetes", "--shards", "2", "--image", "i").code()).isEqualTo(2);
        assertThat(Cli.run("export", "kubernetes", "--shards", "2", "--image", "i", "--baked", "--workspace-volume",
                "pvc").code()).isEqualTo(2);
        Cli.Result zero = Cli.run("export", "kubernetes", "--shards", "0", "--image", "i", "--baked");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--shards must be at least 1");
        assertThat(Cli.run("export", "kubernetes", "--shards", "2", "--image", "i", "--baked", "--name", "Bad_Name")
                .err()).contains("--name must be a DNS label");
        assertThat(Cli.run("export", "kubernetes", "--shards", "2", "--image", "i", "--baked", "--memory", "lots")
                .code()).isEqualTo(2);
    }

    @Test
    void configThatTheJobSetsOrThatWouldPutAPasswordInTheManifestIsRefused() {
        // every pod would run the same shard, or the run id of the option would be overridden, or the URL (and
        // its password) would be written into the manifest in plain text
        String[][] refused = {
            {"orchestrator.shard=1/2", "--config orchestrator.shard is set for each pod by the Job"},
            {"orchestrator.run-id=mine", "use --run-id"},
            {"orchestrator.database.url=jdbc:postgresql://db/orch?user=u&password=hunter2", "use --database-secret"},
        };
        for (String[] bad : refused) {
            Cli.Result result = Cli.run("export", "kubernetes", "--shards", "2", "--image", "i", "--baked", "-c", bad[0]);
            assertThat(result.code()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains(bad[1]).doesNotContain("hunter2");
            assertThat(result.out()).isEmpty();
        }
        assertThat(Cli.run("export", "kubernetes", "--shards", "2", "--image", "i", "--baked",
                "-c", "orchestrator.database.url=jdbc:sqlite:Data/k8s.db").code()).isZero();
    }

    @Test
    void outputWritesTheManifestToAFile() throws Exception {
        Cli.Result result = Cli.run("export", "kubernetes", "-w", dir.toString(), "--shards", "3", "--image", "i:2",
                "--baked", "--output", "k8s/job.yaml");
        assertThat(result.code()).as(result.toString()).isZero();
        Job job = YAML.readValue(dir.resolve("k8s/job.yaml").toFile(), Job.class);
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    /** What the kubelet does to command and args: {@code $(VAR)} becomes the variable's value. */
    private static String kubeletExpand(String arg, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(arg);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Every field the model classes did not recognise: the model keeps them in {@code additionalProperties}
     * instead of failing, so the whole object graph is walked.
     */
    private static List<String> unknownFields(Object node, String path, Map<Object, Boolean> seen) throws Exception {
        List<String> unknown = new ArrayList<>();
        if (node == null || seen.put(node, true) != null) {
            return unknown;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknown.addAll(unknownFields(e.getValue(), path + "." + e.getKey(), seen));
            }
            return unknown;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return unknown;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
            } else {
                unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3), seen));
            }
        }
        return unknown;
    }
}
