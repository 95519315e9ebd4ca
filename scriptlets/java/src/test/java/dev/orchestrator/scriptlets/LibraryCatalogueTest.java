package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every scriptlet of the library is documented the same way: a {@link ScriptletDoc} with declared parameters,
 * a command line, an entry in the catalogue of {@code scriptlets/README.md}, and a sample recipe that uses it.
 */
class LibraryCatalogueTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = MODULE.getParent().getParent();

    static List<Class<?>> scriptlets() throws Exception {
        Path classes = Path.of(HttpRequest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/orchestrator/scriptlets");
        try (Stream<Path> files = Files.list(classes)) {
            List<Class<?>> out = new java.util.ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                Class<?> type = Class.forName("dev.orchestrator.scriptlets." + file.getFileName().toString().replace(".class", ""));
                if (BaseScriptlet.class.isAssignableFrom(type)) {
                    out.add(type);
                }
            }
            return out;
        }
    }

    @Test
    void everyScriptletDeclaresItsParametersAndRunsAlone() throws Exception {
        List<Class<?>> all = scriptlets();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        for (Class<?> type : all) {
            ScriptletDoc doc = type.getAnnotation(ScriptletDoc.class);
            assertThat(doc).as(type.getSimpleName()).isNotNull();
            assertThat(doc.name()).as(type.getSimpleName()).matches("[a-z]+(-[a-z]+)*");
            assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName() + " is final").isTrue();
            assertThat(type.getMethod("main", String[].class)).as(type.getSimpleName() + " has main").isNotNull();
            if (doc.arguments().length == 0) {
                assertThat(doc.params()).as(type.getSimpleName() + " declares params").isNotEmpty();
            }
            Set<String> names = new HashSet<>();
            for (Param param : doc.params()) {
                assertThat(param.name()).as(type.getSimpleName()).matches("[a-z][a-z0-9_]*");
                assertThat(names.add(param.name())).as(type.getSimpleName() + " declares " + param.name() + " once").isTrue();
                assertThat(param.help()).as(type.getSimpleName() + "." + param.name()).isNotBlank();
                assertThat(param.required() && !param.defaultValue().isEmpty())
                        .as(type.getSimpleName() + "." + param.name() + ": required with a default").isFalse();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = ScriptletCli.run((BaseScriptlet) type.getConstructor().newInstance(), new String[] {"--help"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(type.getSimpleName()).contains(doc.name());
        }
    }

    @Test
    void theCatalogueAndTheSampleRecipesNameEveryScriptlet() throws Exception {
        String readme = Files.readString(REPOSITORY.resolve("scriptlets/README.md"));
        String recipes = Files.readString(REPOSITORY.resolve("recipes/library_api_e2e.yaml"))
                + Files.readString(REPOSITORY.resolve("recipes/library_files.yaml"))
                + Files.readString(REPOSITORY.resolve("recipes/java_ctx_roundtrip.yaml"));
        for (Class<?> type : scriptlets()) {
            assertThat(readme).as("scriptlets/README.md lists " + type.getSimpleName()).contains("`" + type.getSimpleName() + "`");
            assertThat(recipes).as("a sample recipe uses " + type.getSimpleName()).contains("dev.orchestrator.scriptlets." + type.getSimpleName() + "\n");
        }
        for (String python : List.of("fake_records", "csv_normalize", "csv_schema_check")) {
            assertThat(readme).contains(python);
            assertThat(recipes).contains("scriptlets.python.steps." + python);
        }
        assertThat(readme).contains("`wait-for-port.sh`");
        assertThat(recipes).contains("cmd: scriptlets/shell/wait-for-port.sh");
    }
}
