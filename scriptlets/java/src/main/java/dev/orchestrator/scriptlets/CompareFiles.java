package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Compares two files, or two folder trees file by file. Text files that differ get a unified diff in the
 * step log; binary ones are named. Stores {@code <save_as> = {"equal": bool, "differing": [...],
 * "only_left": [...], "only_right": [...]}} and fails when they differ (unless {@code fail_on_difference: false}).
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 9
 *   name: export_unchanged
 *   type: java
 *   class: dev.orchestrator.scriptlets.CompareFiles
 *   params: {left: Data/expected, right: Data/actual, ignore_trailing_whitespace: true}
 * </pre>
 */
@ScriptletDoc(
        name = "compare-files",
        description = "Compare two files or folder trees; unified text diff into the log; fail when they differ.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.CompareFiles --left A --right B",
        params = {
            @Param(name = "left", type = ParamType.PATH, required = true, help = "file or folder (the expected side)"),
            @Param(name = "right", type = ParamType.PATH, required = true, help = "file or folder (the actual side)"),
            @Param(name = "ignore_trailing_whitespace", type = ParamType.BOOL, defaultValue = "false",
                    help = "text lines equal but for spaces at their end are equal; CRLF equals LF"),
            @Param(name = "max_diff_lines", type = ParamType.INT, defaultValue = "200", help = "diff lines logged per file at most"),
            @Param(name = "fail_on_difference", type = ParamType.BOOL, defaultValue = "true", help = "false: only report"),
            @Param(name = "save_as", defaultValue = "file_comparison", help = "ctx key of the summary")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.CompareFiles --left Data/a.csv --right Data/b.csv"},
        limitations = "Text means valid UTF-8. Links inside the trees are compared by the content they point to, "
                + "and only when it lies inside the workspace.")
@API(status = EXPERIMENTAL)
public final class CompareFiles extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        for (String side : List.of("left", "right")) {
            if (!Files.exists(resolve(params.string(side)))) {
                throw new InvalidParamsException(side + " not found: " + params.string(side));
            }
        }
        if (Files.isDirectory(resolve(params.string("left"))) != Files.isDirectory(resolve(params.string("right")))) {
            throw new InvalidParamsException("left and right must both be files or both be folders");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        Path left = resolve(params.string("left"));
        Path right = resolve(params.string("right"));
        List<String> differing = new ArrayList<>();
        List<String> onlyLeft = new ArrayList<>();
        List<String> onlyRight = new ArrayList<>();
        if (Files.isDirectory(left)) {
            TreeSet<String> names = new TreeSet<>(files(left));
            TreeSet<String> rightNames = new TreeSet<>(files(right));
            for (String name : names) {
                if (!rightNames.contains(name)) {
                    onlyLeft.add(name);
                } else if (!same(params, params.string("left") + "/" + name, params.string("right") + "/" + name)) {
                    differing.add(name);
                }
            }
            rightNames.stream().filter(n -> !names.contains(n)).forEach(onlyRight::add);
        } else if (!same(params, params.string("left"), params.string("right"))) {
            differing.add(left.getFileName().toString());
        }
        onlyLeft.forEach(n -> log().info("only in %s: %s", params.string("left"), n));
        onlyRight.forEach(n -> log().info("only in %s: %s", params.string("right"), n));
        boolean equal = differing.isEmpty() && onlyLeft.isEmpty() && onlyRight.isEmpty();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("equal", equal);
        summary.put("differing", differing);
        summary.put("only_left", onlyLeft);
        summary.put("only_right", onlyRight);
        ctx.set(params.optionalString("save_as").orElse("file_comparison"), summary);
        if (!equal && params.bool("fail_on_difference", true)) {
            throw new AssertionError(params.string("left") + " and " + params.string("right") + " differ: " + differing.size()
                    + " differing, " + onlyLeft.size() + " only left, " + onlyRight.size() + " only right (diff in the step log)");
        }
        log().info(equal ? "equal" : "different");
        return summary;
    }

    private List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
        }
    }

    /** Whether the two files have equal content (text: line by line, as configured); logs the diff when not. */
    private boolean same(Params params, String leftName, String rightName) throws IOException {
        byte[] a = Files.readAllBytes(resolve(leftName));
        byte[] b = Files.readAllBytes(resolve(rightName));
        if (Arrays.equals(a, b)) {
            return true;
        }
        List<String> leftLines = lines(a, params);
        List<String> rightLines = lines(b, params);
        if (leftLines == null || rightLines == null) {
            log().info("binary files %s and %s differ", leftName, rightName);
            return false;
        }
        List<String> diff = UnifiedDiff.diff(leftName, leftLines, rightName, rightLines);
        if (diff.isEmpty()) {
            return true;
        }
        int max = (int) params.integer("max_diff_lines", 200);
        diff.stream().limit(max).forEach(log()::info);
        if (diff.size() > max) {
            log().info("… %d more diff line(s)", diff.size() - max);
        }
        return false;
    }

    private static List<String> lines(byte[] content, Params params) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            return null;
        }
        boolean trim = params.bool("ignore_trailing_whitespace", false);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (trim) {
            lines.replaceAll(String::stripTrailing);
        }
        return lines;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.CompareFiles --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new CompareFiles(), args);
    }
}
