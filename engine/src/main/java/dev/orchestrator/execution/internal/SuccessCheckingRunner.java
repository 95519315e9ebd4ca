package dev.orchestrator.execution.internal;

import dev.orchestrator.recipe.Success;
import dev.orchestrator.scriptlet.internal.WorkspacePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Fails an attempt whose scriptlet succeeded but whose {@code success} criteria do not hold (docs/recipes.md). */
final class SuccessCheckingRunner implements StepRunner {

    private static final int LISTED = 10;

    private final StepRunner delegate;

    SuccessCheckingRunner(StepRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public Result run(StepRun run) throws Exception {
        Result result = delegate.run(run);
        List<String> unmet = unmet(run);
        if (!unmet.isEmpty()) {
            throw new StepFailedException("success criteria not met:\n  - " + String.join("\n  - ", unmet))
                    .measured(result.usage());
        }
        run.log().info("success criteria met");
        return result;
    }

    private static List<String> unmet(StepRun run) {
        Success success = run.step().success();
        Path workspace = run.settings().workspace();
        List<String> unmet = new ArrayList<>();
        for (String file : success.filesExist()) {
            Path path = workspace.resolve(file).normalize();
            // checked again now, not only at validation: a link made since may lead out of the workspace
            if (Files.exists(path) && !WorkspacePaths.isInside(workspace, path)) {
                unmet.add("files_exist: " + file + " leads out of the workspace through a link");
            } else if (!Files.exists(path)) {
                unmet.add("files_exist: expected " + file + " to exist, found " + describeParent(workspace, path));
            }
        }
        for (String key : success.ctxHasKeys()) {
            if (!run.ctx().has(key)) {
                unmet.add("ctx_has_keys: expected ctx key '" + key + "', found keys " + run.ctx().keys());
            }
        }
        return unmet;
    }

    private static String describeParent(Path workspace, Path missing) {
        Path parent = missing.getParent();
        String shown = workspace.relativize(parent).toString();
        shown = shown.isEmpty() ? "the workspace" : shown + "/";
        if (parent == null || !Files.isDirectory(parent)) {
            return "no folder " + shown;
        }
        try (Stream<Path> list = Files.list(parent)) {
            List<String> names = list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            if (names.isEmpty()) {
                return shown + " empty";
            }
            String listed = names.stream().limit(LISTED).collect(Collectors.joining(", "));
            return shown + " holding " + listed + (names.size() > LISTED ? ", … (" + names.size() + " entries)" : "");
        } catch (IOException e) {
            return "no such file (" + shown + " unreadable: " + e.getMessage() + ")";
        }
    }
}
