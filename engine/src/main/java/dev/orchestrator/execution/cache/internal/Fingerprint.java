package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * A step's cache key: the SHA-256 of everything that decides what the step does (docs/caching.md). The parts are
 * gathered into one canonical JSON document (object keys sorted) whose bytes are hashed:
 * <ul>
 *   <li>the engine's version;</li>
 *   <li>the scriptlet's content: the shell script, the python module file and its packages' {@code __init__.py},
 *       the java step's {@code source:} file or its {@code .class} resource;</li>
 *   <li>the step's type, cmd/module/function/class, args, params, success criteria and {@code cache:} declaration;
 *       its {@code env} values by hash only;</li>
 *   <li>the declared input files' paths and content hashes, and the declared environment variables' values by
 *       hash only;</li>
 *   <li>the ctx values the step reads ({@link #ctxRead}).</li>
 * </ul>
 */
@API(status = INTERNAL)
public final class Fingerprint {

    private static final HexFormat HEX = HexFormat.of();

    private Fingerprint() {
    }

    /**
     * The ctx values that go into the fingerprint: the keys {@code reads} declares (an absent key as JSON
     * {@code null}), or, when it declares none, every key as the ctx holds it now (the conservative choice).
     */
    public static ObjectNode ctxRead(StepContract reads, Context ctx) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        List<String> keys = reads.reads().isEmpty() ? List.copyOf(ctx.keys()) : reads.reads();
        for (String key : keys) {
            JsonNode value = ctx.get(key);
            values.set(key, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return values;
    }

    /**
     * The fingerprint of {@code step} as 64 hex digits.
     *
     * @param workspace   the workspace, absolute
     * @param classLoader where a java step's class is found
     * @param environment the value of an environment variable the step declares, or null when unset
     * @param ctxRead     what {@link #ctxRead} returned when the step starts
     * @throws CacheException when a part cannot be read as declared (a class without bytes, an input outside the
     *                        workspace)
     */
    public static String of(Step step, Path workspace, ClassLoader classLoader, UnaryOperator<String> environment,
                            ObjectNode ctxRead) throws IOException, CacheException {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode doc = json.objectNode();
        doc.put("engine", EngineVersion.get());
        Step.Target target = step.target();
        ObjectNode what = doc.putObject("target");
        what.put("type", target.type().yamlName());
        what.put("cmd", target.cmd());
        what.put("module", target.module());
        what.put("function", target.function());
        what.put("class", target.className());
        what.put("source", target.source());
        what.set("args", target.args());
        what.set("params", target.params());
        what.set("env", hashedValues(target.env()));
        what.put("requires_process", step.limits().requiresProcess());
        ObjectNode success = what.putObject("success");
        success.set("files_exist", strings(step.success().filesExist()));
        success.set("ctx_has_keys", strings(step.success().ctxHasKeys()));
        ObjectNode cache = what.putObject("cache");
        cache.set("inputs", strings(step.cache().inputs()));
        cache.set("outputs", strings(step.cache().outputs()));
        cache.set("env", strings(step.cache().env()));
        doc.set("scriptlet", scriptlet(target, workspace, classLoader));
        WorkspaceGlobs globs = new WorkspaceGlobs(workspace);
        ObjectNode inputs = doc.putObject("inputs");
        for (String glob : step.cache().inputs()) {
            for (String file : globs.files(glob)) {
                inputs.put(file, sha256(globs.resolve(file)));
            }
        }
        Map<String, String> declaredEnv = new TreeMap<>();
        for (String name : step.cache().env()) {
            String value = target.env().containsKey(name) ? target.env().get(name) : environment.apply(name);
            declaredEnv.put(name, value);
        }
        doc.set("env", hashedValues(declaredEnv));
        doc.set("ctx", ctxRead);
        return sha256(ContextJson.compact(canonical(doc)).getBytes(StandardCharsets.UTF_8));
    }

    /** What the scriptlet is, by content: file paths to content hashes (a java class: its resource name). */
    private static ObjectNode scriptlet(Step.Target target, Path workspace, ClassLoader classLoader)
            throws IOException, CacheException {
        ObjectNode files = JsonNodeFactory.instance.objectNode();
        WorkspaceGlobs globs = new WorkspaceGlobs(workspace);
        switch (target.type()) {
            case SHELL -> files.put(target.cmd(), sha256(globs.resolve(target.cmd())));
            case PYTHON -> {
                String[] parts = target.module().split("\\.");
                StringBuilder folder = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    folder.append(parts[i]).append('/');
                    addIfFile(files, globs, folder + "__init__.py");
                }
                String base = folder + parts[parts.length - 1];
                if (!addIfFile(files, globs, base + ".py") && !addIfFile(files, globs, base + "/__init__.py")) {
                    throw new CacheException("python module '" + target.module() + "' has no source file to fingerprint");
                }
            }
            case JAVA -> {
                if (target.source() != null) {
                    files.put(target.source(), sha256(globs.resolve(target.source())));
                } else {
                    String resource = target.className().replace('.', '/') + ".class";
                    try (InputStream in = classLoader.getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new CacheException("no class file " + resource + " to fingerprint");
                        }
                        files.put(resource, sha256(in.readAllBytes()));
                    }
                }
            }
        }
        return files;
    }

    private static boolean addIfFile(ObjectNode files, WorkspaceGlobs globs, String relative)
            throws IOException, CacheException {
        Path file = globs.resolve(relative);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        files.put(relative, sha256(file));
        return true;
    }

    /** Names to the SHA-256 of their values (null stays null): values that may be secrets are never kept. */
    private static ObjectNode hashedValues(Map<String, String> values) {
        ObjectNode hashed = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(values).forEach((name, value) ->
                hashed.put(name, value == null ? null : sha256(value.getBytes(StandardCharsets.UTF_8))));
        return hashed;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** {@code node} with every object's keys sorted, so the order a recipe or the ctx lists them in does not count. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            new TreeMap<String, JsonNode>(toMap((ObjectNode) node)).forEach((k, v) -> sorted.set(k, canonical(v)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(ObjectNode node) {
        Map<String, JsonNode> map = new TreeMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    /** The SHA-256 of a file's content, in hex, read in chunks. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HEX.formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HEX.formatHex(digest().digest(bytes));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
