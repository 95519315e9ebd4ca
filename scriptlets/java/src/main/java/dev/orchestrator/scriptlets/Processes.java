package dev.orchestrator.scriptlets;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.secrets.Masker;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Building and ending the child processes of {@link RunCommand} and {@link BackgroundProcess}. */
final class Processes {

    private static final Masker SECRETS = Masker.create(System.getenv());

    private Processes() {
    }

    /** A process builder for the step's argv (placeholders filled), cwd and env; never through a shell. */
    static ProcessBuilder builder(Params params, Context ctx, Function<String, Path> resolve) {
        List<String> argv = Support.renderList(Support.requiredList(params, "argv"), ctx);
        ProcessBuilder builder = new ProcessBuilder(argv);
        Path cwd = resolve.apply(params.optionalString("cwd").orElse("."));
        if (!Files.isDirectory(cwd)) {
            throw new InvalidParamsException("cwd is not a folder: " + params.optionalString("cwd").orElse("."));
        }
        builder.directory(cwd.toFile());
        params.node("env").ifPresent(env -> {
            if (!env.isObject()) {
                throw new InvalidParamsException("parameter 'env' must be an object: NAME -> value");
            }
            Map<String, String> environment = builder.environment();
            env.properties().forEach(e -> environment.put(e.getKey(),
                    Support.render(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString(), ctx)));
        });
        return builder;
    }

    /** Ends {@code process} and every descendant still attached: politely, then by force after {@code graceMs}. */
    static void killTree(Process process, long graceMs) throws InterruptedException {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + graceMs * 1_000_000;
        for (ProcessHandle handle : tree) {
            while (handle.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        tree.forEach(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
        process.waitFor();
    }

    /** The argv for logs: secrets masked. */
    static String shown(List<String> argv) {
        return String.join(" ", SECRETS.maskArgv(argv));
    }

    static File devNull() {
        return new File("/dev/null");
    }
}
