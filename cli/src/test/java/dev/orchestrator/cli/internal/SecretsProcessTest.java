package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets test: a real CLI process runs Java (in process and in a child JVM), shell and python steps
 * holding known secrets in ctx, params, args, env, a URL, a recipe-declared key and an {@code ORCH_SECRET_*}
 * variable, with failing steps and an {@code AssertCtx} failure; then every artefact the run wrote (step logs
 * and the runner log, Allure results and attachments, the workbook's XML, the SQLite files, the graphs) and
 * the CLI's stdout and stderr are searched for each secret. Only ctx checkpoints ({@code Data/ctx/}) may hold
 * them: a resumed run restores from them (docs/reports.md says so).
 */
class SecretsProcessTest {

    private static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("ctx api_token", "tok-7f3a9c2e51");
        SECRETS.put("ctx key declared in secrets:", "cust-4471-zeta");
        SECRETS.put("password inside a URL in ctx", "urlpw-93kd");
        SECRETS.put("shell args --password", "hunter2-arg");
        SECRETS.put("step env DB_PASSWORD", "envpw-5521");
        SECRETS.put("python params token", "param-tok-88");
        SECRETS.put("ORCH_SECRET_DEPLOY_KEY of the CLI", "orch-secret-6620");
        SECRETS.put("AssertCtx expected api_token", "expected-tok-11");
        SECRETS.put("ctx change of a failed shell step", "sess-xyz-0042");
    }

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.write("recipes/secrets.yaml", """
                test_meta: {test_id: secrets, tester: qa, description: secrets never leave the run}
                secrets: [customer_ref]
                steps:
                  - idx: 1
                    name: seed
                    type: java
                    class: dev.orchestrator.scriptlets.SetCtx
                    params:
                      values:
                        api_token: tok-7f3a9c2e51
                        customer_ref: cust-4471-zeta
                        db_url: "postgres://app:urlpw-93kd@db:5432/app"
                  - idx: 2
                    name: shell_leak
                    type: shell
                    cmd: scriptlets/shell/leak.sh
                    args: {password: hunter2-arg, user: bob}
                    env: {DB_PASSWORD: envpw-5521}
                    depends_on: [seed]
                  - idx: 3
                    name: python_leak
                    type: python
                    module: scriptlets.python.steps.leak
                    function: StepLeak
                    params: {token: param-tok-88, note: plain}
                    depends_on: [seed]
                  - idx: 4
                    name: check_in_process
                    type: java
                    class: dev.orchestrator.scriptlets.AssertCtx
                    params: {expected: {api_token: expected-tok-11, customer_ref: other-value}}
                    depends_on: [seed]
                  - idx: 5
                    name: check_in_child_jvm
                    type: java
                    class: dev.orchestrator.scriptlets.AssertCtx
                    requires_process: true
                    params: {expected: {customer_ref: nope-value, db_url: "postgres://app:x@db/app"}}
                    depends_on: [seed]
                """);
        // prints every secret it can reach to stdout, stderr and its log file, records a secret ctx change,
        // then fails (so the changes are dumped into the log and the log's tail becomes the failure message)
        ws.write("scriptlets/shell/leak.sh", """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
                source "$HERE/lib/ctx.sh"
                echo "argv: $*"
                echo "ctx: $CTX_API_TOKEN $CTX_CUSTOMER_REF $CTX_DB_URL" >&2
                echo "env: $DB_PASSWORD $ORCH_SECRET_DEPLOY_KEY"
                echo "direct: $CTX_API_TOKEN $DB_PASSWORD" >>"$ORCH_LOG_FILE"
                ctx_set session_id '"sess-xyz-0042"'
                echo "failing with $CTX_CUSTOMER_REF" >&2
                exit 1
                """);
        ws.write("scriptlets/python/steps/leak.py", """
                import os
                import sys

                from scriptlets.python.core import BaseScriptlet


                class StepLeak(BaseScriptlet):
                    def run(self, ctx, params):
                        print("ctx:", ctx.get("api_token"), ctx.get("customer_ref"), ctx.get("db_url"))
                        print("env:", os.environ.get("ORCH_SECRET_DEPLOY_KEY"), file=sys.stderr)
                        raise RuntimeError("login failed with " + params["token"] + " for " + ctx.get("api_token"))
                """);
    }

    record Cli(int code, String console) {
    }

    /** The CLI as a real process in the workspace, with an {@code ORCH_SECRET_*} variable; stdout + stderr. */
    private Cli cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ws.root.toFile());
        builder.environment().put("ORCH_SECRET_DEPLOY_KEY", "orch-secret-6620");
        Process process = builder.start();
        process.getOutputStream().close();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errPump = new Thread(() -> copy(process.getErrorStream(), stderr));
        errPump.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        errPump.join();
        return new Cli(process.exitValue(), stdout + stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noSecretReachesAnyArtefactOrTheConsole() throws Exception {
        Cli run = cli("run", "--recipe", "recipes/secrets.yaml");
        String console = run.console();

        // the run did what the test needs: every leaking step ran and failed, the reports were written
        assertThat(run.code()).as(console).isEqualTo(1);
        assertThat(console).contains("1 passed, 4 failed");
        assertThat(console).contains("api_token differs from the expected value");
        assertThat(ws.root.resolve("Logs/orchestrator.log")).isRegularFile();
        assertThat(ws.root.resolve("Data/orchestrator.db")).isRegularFile();
        assertThat(files("reports/allure-results")).anyMatch(p -> p.toString().endsWith("-result.json"));
        assertThat(files("reports/excel")).anyMatch(p -> p.toString().endsWith(".xlsx"));
        assertThat(logOf("shell_leak")).contains("--password, ******", "argv: --password ****** --user bob",
                "env: ****** ******");
        assertThat(logOf("check_in_process")).contains("customer_ref: expected \"******\", found \"******\"");

        List<String> leaks = new ArrayList<>();
        SECRETS.forEach((where, secret) -> {
            if (console.contains(secret)) {
                leaks.add(where + " → CLI output");
            }
        });
        for (String folder : List.of("Logs", "reports", "Assets", "Data")) {
            for (Path file : files(folder)) {
                if (file.startsWith(ws.root.resolve("Data/ctx"))) {
                    continue; // checkpoints keep real values for resume (documented)
                }
                for (Map.Entry<String, String> text : contents(file).entrySet()) {
                    SECRETS.forEach((where, secret) -> {
                        if (text.getValue().contains(secret)) {
                            leaks.add(where + " → " + ws.root.relativize(file) + text.getKey());
                        }
                    });
                }
            }
        }
        assertThat(leaks).as(console).isEmpty();

        // history reads the checkpoints (real values) and masks what it prints; it does not load the recipe,
        // so names declared in secrets: are not known to it (docs/reports.md)
        Cli history = cli("history", "--recipe", "secrets");
        assertThat(history.code()).as(history.console()).isZero();
        assertThat(history.console()).contains("api_token", "******")
                .doesNotContain("tok-7f3a9c2e51", "urlpw-93kd", "hunter2-arg", "orch-secret-6620");
    }

    private List<Path> files(String folder) throws IOException {
        Path root = ws.root.resolve(folder);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private String logOf(String step) throws IOException {
        return files("Logs").stream().filter(p -> p.getFileName().toString().endsWith("_" + step + ".log"))
                .map(p -> contents(p).get("")).findFirst().orElseThrow();
    }

    /** A file's bytes as text (ISO-8859-1 keeps every byte; the secrets are ASCII); a zip, entry by entry. */
    private static Map<String, String> contents(Path file) {
        Map<String, String> texts = new LinkedHashMap<>();
        try {
            byte[] bytes = Files.readAllBytes(file);
            texts.put("", new String(bytes, StandardCharsets.ISO_8859_1));
            if (file.toString().endsWith(".xlsx")) {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            texts.put(" (" + entry.getName() + ")", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return texts;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
