package dev.orchestrator.report.database.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Read-only queries on the run database for the monitor: pages of runs, a run's recipes and steps (including
 * the running and the planned ones), ctx changes, trends. The connection is opened read-only (it can never
 * write, migrate or lock out a run) once the file exists; until then every query answers empty. The queries
 * live in one reader per subject ({@link RunQueries}, {@link StepQueries}, {@link ChangeQueries},
 * {@link TrendQueries}) over one {@link ReadOnlyDatabase}. The one exception to reading: a run or shard whose
 * process is certainly gone is marked interrupted before it is shown ({@link GoneOwners}), as a run would.
 *
 * <p>Timestamps are the stored ISO-8601 UTC text. Ctx values and params come back masked as in the other
 * human-facing reports ({@link Masker}). Thread-safe (serialised on one connection).
 */
@API(status = INTERNAL)
public final class RunReader implements AutoCloseable {

    /** Masks by key names only: what is shown was already masked when written, unless stored raw. */
    static final Masker MASKER = Masker.create();

    /** Filters of the runs page; null or blank means "any". Dates are {@code yyyy-MM-dd} (UTC), inclusive. */
    public record RunFilter(String recipe, String tag, String status, String from, String to) {
    }

    /**
     * One run: {@code status} is {@code running}, {@code passed}, {@code failed} or {@code interrupted};
     * step counts are live (they grow while the run goes on); {@code origin} is who started it ({@code cli},
     * {@code maven}, {@code ide}, {@code console}, {@code other}), null for runs recorded before it was kept;
     * {@code cached} is how many of the {@code passed} steps reused a result from the step cache (docs/caching.md).
     */
    public record RunRow(String runId, String workspace, String started, String finished, String status,
                         List<String> recipes, int passed, int failed, int skipped, int running, String origin,
                         int cached) {
    }

    /** One page of runs, newest first, and how many match the filter in all. */
    public record RunPage(int total, int offset, int limit, List<RunRow> runs) {
    }

    /** One recipe of a run; {@code status} null while it runs. */
    public record RecipeRow(String recipe, String tester, String description, String source, String started,
                            String finished, String status, List<String> tags) {
    }

    /**
     * One step of a recipe in a run: {@code status} is {@code pending} (planned, not started), {@code running},
     * or its result. Times in milliseconds and bytes are null when not measured. {@code reads} and {@code writes}
     * are the ctx keys the step declares (docs/contracts.md), null when it declares none or the run predates them.
     * {@code cachedFrom} is the run whose result a passed step reused from the step cache (docs/caching.md), null
     * when the step ran (or has not ended).
     */
    public record StepRow(String recipe, String step, int idx, String type, String status, int attempts,
                          String started, String finished, Double wallMs, Double cpuMs, Long peakMemoryBytes,
                          Long allocatedBytes, String logPath, String failureMessage, String skipReason,
                          List<String> dependsOn, JsonNode params, List<String> reads, List<String> writes,
                          String cachedFrom) {
    }

    /** One ctx change (values masked); {@code seq} orders the changes of a run. */
    public record Change(long seq, String runId, String recipe, String key, String op, JsonNode old,
                         JsonNode value, String who, String what, String when) {
    }

    /** One recipe's (or step's) outcome in one run, for trends; {@code wallMs} null while running. */
    public record TrendPoint(String runId, String started, String status, Double wallMs) {
    }

    private final ReadOnlyDatabase db;
    private final RunQueries runs;
    private final StepQueries steps;
    private final ChangeQueries changes;
    private final TrendQueries trends;
    private final GoneOwners gone;

    private RunReader(DatabaseTarget target) {
        this.db = new ReadOnlyDatabase(target);
        this.gone = new GoneOwners(target);
        this.runs = new RunQueries(db);
        this.steps = new StepQueries(db);
        this.changes = new ChangeQueries(db);
        this.trends = new TrendQueries(db);
    }

    /** A reader of the SQLite database {@code file}; it need not exist yet. */
    public static RunReader of(Path file) {
        return new RunReader(DatabaseTarget.sqlite(file));
    }

    /** A reader of the database of {@code target} (SQLite or PostgreSQL); it need not exist yet. */
    public static RunReader of(DatabaseTarget target) {
        return new RunReader(target);
    }

    /** The SQLite file; null for PostgreSQL. */
    public Path file() {
        return db.file();
    }

    /** Where the database is, for messages: the SQLite file or the URL with any password masked. */
    public String display() {
        return db.display();
    }

    /**
     * A number that changes whenever another connection committed a change to the database
     * ({@link Dialect#dataVersion}); -1 while the database does not exist. Cheap: made for polling.
     */
    public synchronized long dataVersion() throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return -1;
        }
        // a run that died is marked here too: the mark is a commit, so the pages polling this re-read it
        gone.markIfDue(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(db.dialect().dataVersion())) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** A page of runs matching {@code filter}, newest first. */
    public synchronized RunPage runs(RunFilter filter, int offset, int limit) throws SQLException {
        gone.markIfDue(db.connection());
        return runs.page(filter, null, offset, limit);
    }

    /** One run, as on the runs page. */
    public synchronized Optional<RunRow> run(String runId) throws SQLException {
        gone.markIfDue(db.connection());
        // the page query with no filter but the id: one definition of status and counts
        return runs.page(new RunFilter(null, null, null, null, null), runId, 0, 1).runs().stream().findFirst();
    }

    /** The recipes of run {@code runId}, by name. */
    public synchronized List<RecipeRow> recipes(String runId) throws SQLException {
        gone.markIfDue(db.connection());
        return runs.recipes(runId);
    }

    /** Every step of {@code recipe} in run {@code runId}, planned ones included, by idx. */
    public synchronized List<StepRow> steps(String runId, String recipe) throws SQLException {
        return steps.stepRows(runId, recipe, null);
    }

    /** One step of a run. */
    public synchronized Optional<StepRow> step(String runId, String recipe, String step) throws SQLException {
        return steps.stepRows(runId, recipe, step).stream().findFirst();
    }

    /** Every ctx change of {@code recipe} in run {@code runId}, in the order they were made. */
    public synchronized List<Change> changes(String runId, String recipe) throws SQLException {
        return changes.ofRun(runId, recipe);
    }

    /** The last {@code n} changes of ctx key {@code key} in {@code recipe} across all runs, oldest first. */
    public synchronized List<Change> keyHistory(String recipe, String key, int n) throws SQLException {
        return changes.keyHistory(recipe, key, n);
    }

    /** The last {@code n} runs of {@code recipe}, newest first, with their wall time. */
    public synchronized List<TrendPoint> recipeTrend(String recipe, int n) throws SQLException {
        return trends.recipe(recipe, n);
    }

    /** The last {@code n} results of one step of {@code recipe}, newest first. */
    public synchronized List<TrendPoint> stepTrend(String recipe, String step, int n) throws SQLException {
        return trends.step(recipe, step, n);
    }

    /** Every recipe name in the database, for the filters. */
    public synchronized List<String> recipeNames() throws SQLException {
        return runs.recipeNames();
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
