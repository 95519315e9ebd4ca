package dev.orchestrator.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrator history --recipe ID [--key K]}: who changed what in ctx, when, from what to what. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the ctx change history of a recipe's last run (from its ctx journal under Data/ctx/).")
final class HistoryCommand implements Callable<Integer> {

    private static final Pattern TEST_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-r", "--recipe"}, required = true, paramLabel = "TEST_ID", description = "The recipe's test_id.")
    String recipe;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "Only the changes of this ctx key.")
    String key;

    @Option(names = "--json", description = "Print the change records as a JSON array.")
    boolean json;

    @Option(names = "--database", paramLabel = "URL",
            description = "Read the history from this run database instead of the ctx journals: jdbc:sqlite:FILE or "
                    + "jdbc:postgresql://HOST[:PORT]/DB (credentials from ORCH_DATABASE_USER/ORCH_DATABASE_PASSWORD or "
                    + "PGUSER/PGPASSWORD), as the shards of a run on several machines share it.")
    String database;

    /** Replaced by tests; the checkpoint files otherwise. */
    CheckpointSource source;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!TEST_ID.matcher(recipe).matches() || recipe.equals(".") || recipe.equals("..")) {
            throw new UsageException("--recipe must be a test_id ([A-Za-z0-9_.-]+), found '" + recipe + "'");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (database != null) {
            return DatabaseHistoryPrinter.print(workspace.root(), database, recipe, key, json, out);
        }
        CheckpointSource from = source != null ? source
                : new DiskCheckpointSource(workspace.root(), warning -> err.println("warning: " + warning));
        Optional<Checkpoint> latest;
        try {
            latest = from.latest(recipe);
        } catch (IOException unreadable) {
            // never fall back to an older run silently: the user would read a history that is not the last
            err.println("error: " + unreadable.getMessage());
            return ExitCodes.FAILED;
        }
        Checkpoint checkpoint = latest.orElseThrow(() -> new UsageException(
                "no checkpoint of recipe '" + recipe + "' in " + from.describe(recipe)
                        + " (run it first; with store_on_ram.txt = true nothing is kept on disk)"));
        // checkpoints keep real values (for resume); what is printed is masked like every report
        Masker masker = Masker.create(System.getenv());
        checkpoint.history().forEach(r -> masker.learn(r.key(), r.value()));
        List<ChangeRecord> records = checkpoint.history().stream()
                .filter(r -> key == null || key.equals(r.key()))
                .map(r -> new ChangeRecord(r.key(), r.op(), masker.mask(r.key(), r.old()),
                        masker.mask(r.key(), r.value()), r.who(), r.what(), r.when(), r.recipe(), r.runId()))
                .toList();
        if (json) {
            out.println(ContextJson.historyToJson(records));
            return ExitCodes.OK;
        }
        out.printf("recipe %s, run %s, checkpoint after step %s at %s%n", checkpoint.testId(), checkpoint.runId(),
                checkpoint.afterStep(), checkpoint.at());
        if (records.isEmpty()) {
            out.println(key == null ? "no ctx changes" : "no changes of key '" + key + "'");
            return ExitCodes.OK;
        }
        printTable(records, out);
        return ExitCodes.OK;
    }

    /** The change records as the table {@code history} prints. */
    static void printTable(List<ChangeRecord> records, PrintWriter out) {
        Table table = new Table("WHEN", "WHO", "WHAT", "KEY", "OP", "OLD → NEW");
        for (ChangeRecord r : records) {
            String change = r.op() == ChangeRecord.Op.DELETE
                    ? value(r.old()) + " → (deleted)"
                    : value(r.old()) + " → " + value(r.value());
            table.row(r.when(), r.who(), r.what(), r.key(), r.op().name().toLowerCase(java.util.Locale.ROOT), change);
        }
        table.print(out);
    }

    private static String value(JsonNode node) {
        String text = ContextJson.compact(node);
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }
}
