package dev.orchestrator.monitor.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.report.database.internal.RunReader;
import dev.orchestrator.report.database.internal.RunReader.Change;
import dev.orchestrator.report.database.internal.RunReader.RecipeRow;
import dev.orchestrator.report.database.internal.RunReader.StepRow;
import dev.orchestrator.report.database.internal.RunReader.TrendPoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The JSON endpoints under {@code /api/} (docs/monitor.md lists them). Everything comes from the
 * {@link RunReader}; log files are opened only when the database names them for that step.
 */
final class Api {

    /** The largest piece of a log one answer carries; the page asks again from the returned offset. */
    static final int LOG_CHUNK = 256 * 1024;

    record Answer(int status, String json) {
    }

    /** A request that cannot be answered as asked (400). */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** Nothing of that name (404). */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final RunReader reader;
    private final Path workspace;

    Api(RunReader reader, Path workspace) {
        this.reader = reader;
        this.workspace = workspace;
    }

    Answer answer(String endpoint, Query q) {
        try {
            Object body = switch (endpoint) {
                case "runs" -> runs(q);
                case "run" -> run(q.need("id"));
                case "step" -> step(q.need("run"), q.need("recipe"), q.need("step"));
                case "log" -> log(q.need("run"), q.need("recipe"), q.need("step"), q.longNumber("offset", 0));
                case "ctx" -> ctx(q.need("run"), q.need("recipe"), q.get("at"));
                case "history" -> reader.keyHistory(q.need("recipe"), q.need("key"), q.number("n", 200, 1, 5000));
                case "diff" -> diff(q.need("a"), q.need("b"), q.get("recipe"));
                case "trends" -> trends(q.get("recipe"), q.number("n", 30, 1, 500));
                default -> throw new NotFound("no endpoint /api/" + endpoint);
            };
            return new Answer(200, json.writeValueAsString(body));
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        } catch (NotFound e) {
            return error(404, e.getMessage());
        } catch (SQLException | IOException | RuntimeException e) {
            return error(500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Answer error(int status, String message) {
        ObjectNode body = json.createObjectNode().put("error", Objects.toString(message));
        return new Answer(status, body.toString());
    }

    private ObjectNode runs(Query q) throws SQLException {
        int size = q.number("size", 50, 1, 500);
        int page = q.number("page", 0, 0, Integer.MAX_VALUE / 500);
        RunReader.RunFilter filter = new RunReader.RunFilter(q.get("recipe"), q.get("tag"), q.get("status"),
                q.get("from"), q.get("to"));
        RunReader.RunPage runs = reader.runs(filter, page * size, size);
        ObjectNode body = json.valueToTree(runs);
        body.put("page", page);
        body.put("size", size);
        body.set("recipeNames", json.valueToTree(reader.recipeNames()));
        return body;
    }

    private ObjectNode run(String id) throws SQLException {
        RunReader.RunRow run = reader.run(id).orElseThrow(() -> new NotFound("no run " + id));
        ObjectNode body = json.createObjectNode();
        body.set("run", json.valueToTree(run));
        ArrayNode recipes = body.putArray("recipes");
        for (RecipeRow recipe : reader.recipes(id)) {
            ObjectNode node = json.valueToTree(recipe);
            node.set("steps", json.valueToTree(reader.steps(id, recipe.recipe())));
            recipes.add(node);
        }
        return body;
    }

    private ObjectNode step(String run, String recipe, String name) throws SQLException {
        StepRow step = reader.step(run, recipe, name).orElseThrow(
                () -> new NotFound("no step " + name + " of " + recipe + " in run " + run));
        ObjectNode body = json.createObjectNode();
        body.set("step", json.valueToTree(step));
        body.set("changes", json.valueToTree(reader.changes(run, recipe).stream()
                .filter(c -> name.equals(c.who())).toList()));
        List<TrendPoint> trend = reader.stepTrend(recipe, name, 20);
        body.set("trend", json.valueToTree(trend));
        List<Double> others = trend.stream().filter(t -> !t.runId().equals(run) && t.wallMs() != null)
                .map(TrendPoint::wallMs).sorted().toList();
        if (!others.isEmpty()) {
            double p95 = others.get((int) Math.ceil(0.95 * others.size()) - 1);
            body.put("p95Ms", p95);
            body.put("slowerThanP95", step.wallMs() != null && others.size() >= 3 && step.wallMs() > p95);
        }
        return body;
    }

    /** A piece of the step's log from {@code offset}; only the file the database names for this step. */
    private ObjectNode log(String run, String recipe, String name, long offset) throws SQLException, IOException {
        StepRow step = reader.step(run, recipe, name).orElseThrow(
                () -> new NotFound("no step " + name + " of " + recipe + " in run " + run));
        ObjectNode body = json.createObjectNode();
        body.put("running", "running".equals(step.status()) || "pending".equals(step.status()));
        body.put("path", step.logPath());
        if (step.logPath() == null) {
            body.put("text", "").put("offset", 0).put("size", 0);
            return body;
        }
        Path file = workspace.resolve(step.logPath()).normalize();
        if (!Files.isRegularFile(file)) {
            body.put("text", "").put("offset", 0).put("size", 0).put("missing", true);
            return body;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            long from = Math.min(offset, size);
            int length = (int) Math.min(LOG_CHUNK, size - from);
            byte[] bytes = new byte[length];
            in.seek(from);
            in.readFully(bytes);
            int end = wholeCharacters(bytes, length);
            body.put("text", new String(bytes, 0, end, StandardCharsets.UTF_8));
            body.put("offset", from + end);
            body.put("size", size);
        }
        return body;
    }

    /** How many of the first {@code length} bytes end on a whole UTF-8 character (the rest comes next time). */
    static int wholeCharacters(byte[] bytes, int length) {
        int lead = length - 1;
        while (lead >= 0 && lead > length - 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int b = bytes[lead] & 0xFF;
        int size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + size > length ? lead : length;
    }

    /** The ctx of a recipe in a run after its first {@code at} changes (all when absent). */
    private ObjectNode ctx(String run, String recipe, String at) throws SQLException {
        List<Change> changes = reader.changes(run, recipe);
        int upTo = at == null || at.isEmpty() ? changes.size() : Math.max(0, Math.min(changes.size(), parse(at)));
        ObjectNode body = json.createObjectNode();
        body.put("total", changes.size());
        body.put("at", upTo);
        body.set("ctx", fold(changes.subList(0, upTo)));
        body.set("change", upTo == 0 ? NullNode.getInstance() : json.valueToTree(changes.get(upTo - 1)));
        ArrayNode keys = body.putArray("keys");
        new TreeSet<>(changes.stream().map(Change::key).toList()).forEach(keys::add);
        return body;
    }

    private static int parse(String at) {
        try {
            return Integer.parseInt(at);
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter 'at' must be a number");
        }
    }

    private ObjectNode fold(List<Change> changes) {
        ObjectNode ctx = json.createObjectNode();
        for (Change c : changes) {
            if ("delete".equals(c.op())) {
                ctx.remove(c.key());
            } else {
                ctx.set(c.key(), c.value());
            }
        }
        return ctx;
    }

    /** Two runs side by side: steps whose status or duration changed (and which were cached), and the final ctx's keys. */
    private ObjectNode diff(String a, String b, String recipe) throws SQLException {
        reader.run(a).orElseThrow(() -> new NotFound("no run " + a));
        reader.run(b).orElseThrow(() -> new NotFound("no run " + b));
        List<String> inA = reader.recipes(a).stream().map(RecipeRow::recipe).toList();
        List<String> inB = reader.recipes(b).stream().map(RecipeRow::recipe).toList();
        List<String> common = inA.stream().filter(inB::contains).toList();
        String chosen = recipe != null && !recipe.isEmpty() ? recipe : common.isEmpty() ? null : common.get(0);
        ObjectNode body = json.createObjectNode();
        body.put("a", a).put("b", b).put("recipe", chosen);
        body.set("recipes", json.valueToTree(common));
        ArrayNode keys = body.putArray("keys");
        ArrayNode steps = body.putArray("steps");
        body.put("aCached", 0).put("bCached", 0);
        if (chosen == null) {
            return body;
        }
        ObjectNode ctxA = fold(reader.changes(a, chosen));
        ObjectNode ctxB = fold(reader.changes(b, chosen));
        TreeSet<String> names = new TreeSet<>();
        ctxA.fieldNames().forEachRemaining(names::add);
        ctxB.fieldNames().forEachRemaining(names::add);
        for (String key : names) {
            JsonNode va = ctxA.get(key);
            JsonNode vb = ctxB.get(key);
            ObjectNode row = keys.addObject().put("key", key).put("same", Objects.equals(va, vb));
            row.set("a", va == null ? NullNode.getInstance() : va);
            row.set("b", vb == null ? NullNode.getInstance() : vb);
            row.put("onlyIn", va == null ? "b" : vb == null ? "a" : null);
        }
        Map<String, StepRow[]> byName = new LinkedHashMap<>();
        for (StepRow s : reader.steps(a, chosen)) {
            byName.computeIfAbsent(s.step(), k -> new StepRow[2])[0] = s;
        }
        for (StepRow s : reader.steps(b, chosen)) {
            byName.computeIfAbsent(s.step(), k -> new StepRow[2])[1] = s;
        }
        byName.forEach((name, pair) -> {
            ObjectNode row = steps.addObject().put("step", name);
            row.put("aStatus", pair[0] == null ? null : pair[0].status());
            row.put("bStatus", pair[1] == null ? null : pair[1].status());
            row.put("aMs", pair[0] == null ? null : pair[0].wallMs());
            row.put("bMs", pair[1] == null ? null : pair[1].wallMs());
            row.put("statusChanged", !Objects.equals(row.get("aStatus"), row.get("bStatus")));
            row.put("aCachedFrom", pair[0] == null ? null : pair[0].cachedFrom());
            row.put("bCachedFrom", pair[1] == null ? null : pair[1].cachedFrom());
        });
        body.put("aCached", byName.values().stream().filter(p -> p[0] != null && p[0].cachedFrom() != null).count());
        body.put("bCached", byName.values().stream().filter(p -> p[1] != null && p[1].cachedFrom() != null).count());
        return body;
    }

    /** Per recipe: its last {@code n} runs (newest first) and their pass rate. */
    private ArrayNode trends(String recipe, int n) throws SQLException {
        List<String> recipes = recipe != null && !recipe.isEmpty() ? List.of(recipe) : reader.recipeNames();
        ArrayNode body = json.createArrayNode();
        for (String name : recipes.subList(0, Math.min(recipes.size(), 20))) {
            List<TrendPoint> points = reader.recipeTrend(name, n);
            long done = points.stream().filter(p -> p.status() != null).count();
            long passed = points.stream().filter(p -> "passed".equals(p.status())).count();
            ObjectNode node = body.addObject().put("recipe", name);
            node.put("passRate", done == 0 ? null : (double) passed / done);
            node.set("points", json.valueToTree(new ArrayList<>(points)));
        }
        return body;
    }

    /** For tests: the JSON text of a value. */
    String write(Object value) throws JsonProcessingException {
        return json.writeValueAsString(value);
    }
}
