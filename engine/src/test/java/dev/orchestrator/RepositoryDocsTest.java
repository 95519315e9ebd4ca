package dev.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository documents itself: no text file points at a document the repository does not contain
 * (a specification or style guide kept elsewhere), and every {@code docs/*.md} a file names exists. The
 * contract lives in {@code docs/} in our own words; see docs/architecture.md.
 */
class RepositoryDocsTest {

    /** Folders that hold build output, tool state or run output (git-ignored) rather than sources. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", ".git", "node_modules", ".idea", ".vscode",
            "__pycache__", ".allure", "Data", "Logs", "reports", "Assets");

    /** Spelled in pieces so this file does not match itself. */
    private static final List<String> FOREIGN_REFERENCES =
            List.of("SPEC " + "§", "SPEC " + "section", "STYLE" + ".md", "../" + "shared");

    private static final Pattern DOCS_LINK = Pattern.compile("docs/([A-Za-z0-9_.-]+\\.md)");

    private static Path root;
    private static List<Path> textFiles;

    @BeforeAll
    static void collectTextFiles() throws IOException {
        // Surefire runs in the module folder; the repository root is its parent
        root = Path.of("..").toAbsolutePath().normalize();
        textFiles = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED_FOLDERS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && attrs.size() < 2_000_000 && isText(file)) {
                    textFiles.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void theRepositoryHoldsTheSourcesThisTestReads() {
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "no pom.xml in " + root);
        assertTrue(textFiles.contains(root.resolve("README.md")), "README.md was not read");
        assertTrue(textFiles.contains(root.resolve("engine/src/main/resources/recipe.schema.json")));
    }

    @Test
    void noTextFileRefersToADocumentOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                for (String reference : FOREIGN_REFERENCES) {
                    if (lines.get(i).contains(reference)) {
                        found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "point at docs/ instead (or state the rule where it applies)");
    }

    @Test
    void everyDocsPageAFileNamesExists() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (Path file : textFiles) {
            Matcher m = DOCS_LINK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!Files.isRegularFile(root.resolve("docs").resolve(m.group(1)))) {
                    missing.add(root.relativize(file) + " -> docs/" + m.group(1));
                }
            }
        }
        assertEquals(Set.of(), missing);
    }

    /** UTF-8 text without NUL bytes; images, spreadsheets, databases and jars are not. */
    private static boolean isText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
