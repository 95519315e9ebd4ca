package dev.orchestrator.context;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.ContextJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal file: UTF-8 JSON lines, each an object with one field naming its kind.
 *
 * <pre>
 * {"journal":{"version":1,"test_id":…,"run_id":…,"recipe_hash":…,"started":…}}   first line
 * {"change":{"key":…,"op":…,"old":…,"new":…,"who":…,"what":…,"when":…,"recipe":…,"run_id":…}}
 * {"snapshot":{"history":N,"values":{…}}}          the values after the first N changes
 * {"checkpoint":{"after_step":…,"at":…,"history":N}} the ctx after that step is the one after N changes
 * </pre>
 *
 * <p>Writers only append whole lines. Reading tolerates a torn tail (invalid or unterminated lines at the
 * very end, what a crash in the middle of an append leaves) with a warning; an invalid line followed by a
 * valid one is corruption and fails the read with the line number and the parse error. An empty file is a
 * journal whose first checkpoint is still being written. Lines of unknown
 * kinds are skipped, so a newer engine's journals still load.
 */
final class JournalFormat {

    static final String SUFFIX = ".journal";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = ContextJson.mapper();

    private record HeaderBody(@JsonProperty("version") int version, @JsonProperty("test_id") String testId,
                              @JsonProperty("run_id") String runId, @JsonProperty("recipe_hash") String recipeHash,
                              @JsonProperty("started") Instant started) {
    }

    private record HeaderLine(@JsonProperty("journal") HeaderBody journal) {
    }

    private record ChangeLine(@JsonProperty("change") ChangeRecord change) {
    }

    private record SnapshotBody(@JsonProperty("history") int history, @JsonProperty("values") ObjectNode values) {
    }

    private record SnapshotLine(@JsonProperty("snapshot") SnapshotBody snapshot) {
    }

    private record MarkerBody(@JsonProperty("after_step") String afterStep, @JsonProperty("at") Instant at,
                              @JsonProperty("history") int history) {
    }

    private record MarkerLine(@JsonProperty("checkpoint") MarkerBody checkpoint) {
    }

    /** Any line, for reading: exactly one field is set (none for a kind from a newer engine). */
    private record AnyLine(@JsonProperty("journal") HeaderBody journal, @JsonProperty("change") ChangeRecord change,
                           @JsonProperty("snapshot") SnapshotBody snapshot,
                           @JsonProperty("checkpoint") MarkerBody checkpoint) {
    }

    private static final ObjectReader LINE_READER = MAPPER.readerFor(AnyLine.class);

    /**
     * What a read found: the content (null when not even the header was complete: a journal just created, or
     * killed before its first write landed), and warnings about a torn tail.
     */
    record Read(JournalContent content, List<String> warnings) {
    }

    private JournalFormat() {
    }

    static void header(ByteArrayOutputStream out, JournalContent.Header h) {
        line(out, new HeaderLine(new HeaderBody(VERSION, h.testId(), h.runId(), h.recipeHash(), h.started())));
    }

    static void change(ByteArrayOutputStream out, ChangeRecord record) {
        line(out, new ChangeLine(record));
    }

    static void snapshot(ByteArrayOutputStream out, int position, ObjectNode values) {
        line(out, new SnapshotLine(new SnapshotBody(position, values)));
    }

    static void marker(ByteArrayOutputStream out, JournalContent.Marker m) {
        line(out, new MarkerLine(new MarkerBody(m.step(), m.at(), m.position())));
    }

    private static void line(ByteArrayOutputStream out, Object value) {
        try {
            // compact JSON escapes every control character, so a line never holds a raw newline
            MAPPER.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // records of plain JSON nodes always serialise
        }
        out.write('\n');
    }

    /**
     * Reads a whole journal.
     *
     * @throws IOException when it cannot be read, or is corrupt (the message names the file, the line and
     *                     the parse error)
     */
    static Read read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    static Read parse(String name, byte[] bytes) throws IOException {
        List<String> warnings = new ArrayList<>();
        JournalContent content = null;
        String firstBadLine = null;
        int lineNo = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNo++;
            boolean terminated = end < bytes.length;
            String problem = null;
            if (!terminated) {
                problem = "the last line is not terminated (" + (end - start) + " bytes)";
            } else if (end > start) {
                try {
                    AnyLine line = LINE_READER.readValue(bytes, start, end - start);
                    if (line == null) {
                        throw new IllegalArgumentException("expected an object, found null");
                    }
                    if (firstBadLine != null) {
                        throw corrupt(name, firstBadLine);
                    }
                    content = apply(line, content);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null && firstBadLine == null) {
                firstBadLine = "line " + lineNo + ": " + oneLine(problem);
            }
            start = end + 1;
        }
        if (firstBadLine != null) {
            warnings.add("ctx journal " + name + " ends with a torn record (a crash while it was written?); "
                    + "ignoring it and anything after it: " + firstBadLine);
        }
        return new Read(content, warnings);
    }

    private static JournalContent apply(AnyLine line, JournalContent content) {
        int kinds = (line.journal() != null ? 1 : 0) + (line.change() != null ? 1 : 0)
                + (line.snapshot() != null ? 1 : 0) + (line.checkpoint() != null ? 1 : 0);
        if (kinds > 1) {
            throw new IllegalArgumentException("a line must hold one record, this one holds " + kinds);
        }
        if (content == null) {
            HeaderBody h = line.journal();
            if (h == null) {
                throw new IllegalArgumentException("the first line must be the journal header");
            }
            if (h.testId() == null) {
                throw new IllegalArgumentException("the header lacks test_id");
            }
            return new JournalContent(new JournalContent.Header(h.testId(), h.runId(), h.recipeHash(), h.started()));
        }
        if (line.journal() != null) {
            throw new IllegalArgumentException("a second journal header");
        }
        if (line.change() != null) {
            ChangeRecord r = line.change();
            if (r.key() == null || r.key().isEmpty() || r.op() == null || r.when() == null) {
                throw new IllegalArgumentException("a change lacks its key, op or when");
            }
            content.changes.add(r);
        } else if (line.snapshot() != null) {
            SnapshotBody s = line.snapshot();
            checkPosition(s.history(), content);
            content.snapshots.add(new JournalContent.Snapshot(s.history(),
                    s.values() == null ? MAPPER.createObjectNode() : s.values()));
        } else if (line.checkpoint() != null) {
            MarkerBody m = line.checkpoint();
            checkPosition(m.history(), content);
            CheckpointNames.check("step", m.afterStep());
            content.markers.add(new JournalContent.Marker(m.afterStep(), m.at(), m.history()));
        }
        // else: a kind from a newer engine, not needed to rebuild what this engine knows
        return content;
    }

    private static void checkPosition(int position, JournalContent content) {
        if (position < 0 || position > content.changes.size()) {
            throw new IllegalArgumentException("history position " + position + " but only "
                    + content.changes.size() + " changes precede it");
        }
    }

    private static IOException corrupt(String name, String badLine) {
        return new IOException("ctx journal " + name + " is corrupt: " + badLine);
    }

    private static String oneLine(String message) {
        String flat = message.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 299) + "…";
    }
}
