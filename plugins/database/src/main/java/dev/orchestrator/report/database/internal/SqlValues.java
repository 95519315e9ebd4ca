package dev.orchestrator.report.database.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestrator.context.internal.ContextJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reading values of the run database's columns: nullable numbers, JSON text, parameters. */
final class SqlValues {

    private SqlValues() {
    }

    static Set<String> names(Connection c, String sql) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    static void bind(PreparedStatement st, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            st.setString(i + 1, args.get(i));
        }
    }

    /** A nullable REAL column (the driver's getObject(i, Double.class) refuses NULL). */
    static Double real(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    static Long integer(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static List<String> strings(String json) {
        JsonNode node = json(json);
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static JsonNode json(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return ContextJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
