package dev.orchestrator.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrator export …}: configurations that run the recipes elsewhere (docs/scale-out.md). */
@Command(name = "export", mixinStandardHelpOptions = true, subcommands = ExportCommand.Kubernetes.class,
        description = "Write a configuration that runs the recipes on other machines.")
final class ExportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to export: kubernetes");
    }

    /** {@code orchestrator export kubernetes}: an Indexed Job of n shards. */
    @Command(name = "kubernetes", mixinStandardHelpOptions = true,
            description = "Write a Kubernetes Indexed Job running the recipes as N shards, one pod each (pod i runs "
                    + "shard i+1/N). Needs Kubernetes 1.29 or later.")
    static final class Kubernetes implements Callable<Integer> {

        private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        private static final Pattern DNS_SUBDOMAIN = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = "--shards", required = true, paramLabel = "N", description = "How many shards (pods).")
        int shards;

        @Option(names = "--image", required = true, paramLabel = "IMAGE",
                description = "The container image: java 17+ and the CLI jar (see --jar), and the workspace at "
                        + KubernetesJob.WORKSPACE + " with --baked.")
        String image;

        @ArgGroup(exclusive = true, multiplicity = "1")
        WorkspaceSource source;

        /** Where the pods find the workspace. */
        static final class WorkspaceSource {
            @Option(names = "--workspace-volume", paramLabel = "CLAIM",
                    description = "A PersistentVolumeClaim (ReadWriteMany) holding the workspace, mounted at "
                            + KubernetesJob.WORKSPACE + ".")
            String claim;

            @Option(names = "--baked", description = "The workspace is in the image, at " + KubernetesJob.WORKSPACE + ".")
            boolean baked;
        }

        @Option(names = "--database-secret", paramLabel = "SECRET",
                description = "A Secret holding the run database URL that every shard writes to (key: see "
                        + "--database-secret-key).")
        String databaseSecret;

        @Option(names = "--database-secret-key", paramLabel = "KEY", defaultValue = "url",
                description = "The Secret's key holding the URL (default: ${DEFAULT-VALUE}).")
        String databaseKey;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "orchestrator",
                description = "The Job's name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = {"-r", "--recipe"}, paramLabel = "FILE|GLOB",
                description = "What each shard runs, relative to the workspace. Repeatable. Default: recipes/*.yaml.")
        List<String> recipes = new ArrayList<>();

        @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE",
                description = "An engine configuration parameter for every shard. Repeatable.")
        List<String> config = new ArrayList<>();

        @Option(names = "--run-id", paramLabel = "ID",
                description = "The run id every shard shares. Default: the Job's uid.")
        String runId;

        @Option(names = "--jar", paramLabel = "PATH", defaultValue = "/opt/orchestrator/orchestrator.jar",
                description = "The CLI's fat jar in the image (default: ${DEFAULT-VALUE}).")
        String jar;

        @Option(names = "--cpu", paramLabel = "QUANTITY", defaultValue = "1",
                description = "CPU request of each pod (default: ${DEFAULT-VALUE}).")
        String cpu;

        @Option(names = "--memory", paramLabel = "QUANTITY", defaultValue = "1Gi",
                description = "Memory request and limit of each pod (default: ${DEFAULT-VALUE}).")
        String memory;

        @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
                description = "Retries of a shard whose pod failed (evicted, out of memory); a shard whose steps "
                        + "failed is not retried (default: ${DEFAULT-VALUE}).")
        int retries;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Write the manifest to FILE (relative to the workspace) instead of stdout.")
        Path output;

        @Override
        public Integer call() {
            KubernetesJob job = job();
            PrintWriter err = spec.commandLine().getErr();
            if (job.databaseSecret().isEmpty()) {
                err.println(job.volumeClaim().isPresent()
                        ? "note: without --database-secret every shard writes Data/orchestrator.db on the shared "
                          + "volume; SQLite is only safe when its writers share one machine: prefer a database URL"
                        : "note: with --baked and without --database-secret the run database stays in each pod");
            }
            String yaml = job.toYaml();
            if (output == null) {
                spec.commandLine().getOut().print(yaml);
                return ExitCodes.OK;
            }
            Path file = workspace.root().resolve(output).normalize();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot write " + file + " (" + Main.describe(e) + ")");
            }
            spec.commandLine().getOut().println("wrote " + file);
            return ExitCodes.OK;
        }

        KubernetesJob job() {
            require(shards >= 1, "--shards must be at least 1, not " + shards);
            require(retries >= 0, "--retries must be 0 or more, not " + retries);
            require(!image.isBlank() && image.chars().noneMatch(Character::isWhitespace), "--image must be an image "
                    + "reference without spaces");
            require(DNS_LABEL.matcher(name).matches(), "--name must be a DNS label ([a-z0-9-], at most 63): " + name);
            require(source.claim == null || DNS_SUBDOMAIN.matcher(source.claim).matches(),
                    "--workspace-volume must name a PersistentVolumeClaim: " + source.claim);
            require(databaseSecret == null || DNS_SUBDOMAIN.matcher(databaseSecret).matches(),
                    "--database-secret must name a Secret: " + databaseSecret);
            require(QUANTITY.matcher(cpu).matches(), "--cpu must be a Kubernetes quantity (1, 500m): " + cpu);
            require(QUANTITY.matcher(memory).matches(), "--memory must be a Kubernetes quantity (1Gi, 512Mi): " + memory);
            for (String pair : config) {
                require(pair.indexOf('=') > 0, "--config must be KEY=VALUE: " + pair);
                String key = pair.substring(0, pair.indexOf('=')).trim();
                String value = pair.substring(pair.indexOf('=') + 1).trim();
                require(!key.equals("orchestrator.shard"), "--config orchestrator.shard is set for each pod by the "
                        + "Job (pod i runs shard i+1/" + shards + "): leave it out");
                require(!key.equals("orchestrator.run-id"), "--config orchestrator.run-id: use --run-id (the Job "
                        + "sets the run id of every shard)");
                // the manifest is plain text: a PostgreSQL URL (and any password in it) belongs in a Secret
                require(!key.equals("orchestrator.database.url") || !value.toLowerCase(java.util.Locale.ROOT)
                        .startsWith("jdbc:postgresql:"), "--config orchestrator.database.url with a PostgreSQL URL: "
                        + "use --database-secret SECRET (the URL in a Secret, never in the manifest)");
            }
            return new KubernetesJob(name, shards, image, jar, Optional.ofNullable(source.claim),
                    Optional.ofNullable(databaseSecret), databaseKey, Optional.ofNullable(runId),
                    recipes.isEmpty() ? List.of("recipes/*.yaml") : recipes, config, cpu, memory, retries);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new UsageException(message);
            }
        }
    }
}
