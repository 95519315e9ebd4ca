package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a recipe's bytes into text before any YAML parser sees them, and refuses what the parser should never
 * be given: more than {@link #MAX_BYTES} bytes (at most one byte more is ever read), bytes that are not UTF-8,
 * a UTF-16/UTF-32 byte order mark, and lines longer than {@link #MAX_LINE_LENGTH} characters. Each refusal is
 * one problem at the line and column where it happens. A UTF-8 byte order mark is dropped; CRLF and CR line
 * ends are accepted, as the YAML parser accepts them. Stateless.
 */
final class RecipeText {

    /** 1 MiB: far above any hand-written recipe, far below what makes parsing slow. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Long enough for any inline list or mapping a person writes; longer text goes into a block scalar. */
    static final int MAX_LINE_LENGTH = 16 * 1024;

    private RecipeText() {
    }

    /** The recipe's text, or empty with the reason added to {@code problems}. */
    static Optional<String> read(InputStream in, Problems problems) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            problems.add(positionOfByte(bytes, MAX_BYTES), "the recipe is too large: more than " + MAX_BYTES
                    + " bytes (1 MiB); split it into several recipes");
            return Optional.empty();
        }
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0, 0, 0xFE, 0xFF)) {
            problems.add(Position.START, "the recipe is UTF-16 or UTF-32 text (it starts with a byte order mark);"
                    + " save it as UTF-8");
            return Optional.empty();
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        Optional<String> text = decode(bytes, start, problems);
        return text.filter(t -> linesFit(t, problems));
    }

    private static Optional<String> decode(byte[] bytes, int start, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            problems.add(positionOfByte(bytes, at), String.format("the recipe is not valid UTF-8 text: byte 0x%02X"
                    + " cannot be read as UTF-8 (was the file saved as Latin-1 or Windows-1252?); save it as UTF-8",
                    bytes[at] & 0xFF));
            return Optional.empty();
        }
        return Optional.of(out.flip().toString());
    }

    /** Whether every line fits {@link #MAX_LINE_LENGTH} code points; the first that does not is reported. */
    private static boolean linesFit(String text, Problems problems) {
        int line = 1;
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBreak(text, i)) {
                line++;
                column = 0;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                continue;
            }
            if (!Character.isLowSurrogate(c) && ++column > MAX_LINE_LENGTH) {
                problems.add(new Position(line, column), "line " + line + " is too long: more than "
                        + MAX_LINE_LENGTH + " characters; write long text as a block scalar ('|') over several lines");
                return false;
            }
        }
        return true;
    }

    /** The 1-based line and column (in characters) of byte {@code offset}, counting lines as YAML does. */
    static Position positionOfByte(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\n' || (b == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if (b != '\r' && (b & 0xC0) != 0x80) {
                column++; // continuation bytes belong to the character their lead byte started
            }
        }
        return new Position(line, column);
    }

    private static boolean isBreak(String text, int i) {
        char c = text.charAt(i);
        return c == '\n' || c == '\r';
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
