package dev.orchestrator.report.database.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.secrets.Masker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of {@code ctx_changes} for {@link DatabaseWriter}: one per ctx change, in batches, the values masked
 * ({@link Masker}) unless {@link ReportKeys#DATABASE_SECRETS} is {@code raw}.
 */
final class ChangeRows {

    private static final int BATCH = 1_000;

    private final Masker masker;
    private final boolean raw;

    ChangeRows(Masker masker, boolean raw) {
        this.masker = masker;
        this.raw = raw;
    }

    /** A text as stored: masked, unless raw. */
    String text(String value) {
        return raw ? value : masker.mask(value);
    }

    void insert(Connection c, List<ChangeRecord> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO ctx_changes (run_id, recipe, key, op, old, new, "
                + "who, what, \"when\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (ChangeRecord r : changes) {
                st.setString(1, r.runId());
                st.setString(2, r.recipe());
                st.setString(3, r.key());
                st.setString(4, r.op() == ChangeRecord.Op.SET ? "set" : "delete");
                st.setString(5, value(r.key(), r.old()));
                st.setString(6, value(r.key(), r.value()));
                st.setString(7, r.who());
                st.setString(8, r.what());
                st.setString(9, RunDatabase.stamp(r.when()));
                st.addBatch();
                if (++pending == BATCH) {
                    st.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                st.executeBatch();
            }
        }
    }

    private String value(String key, JsonNode value) {
        return RunDatabase.text(raw ? value : masker.mask(key, value));
    }
}
