package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-command, background-process and wait-for-service with real processes. */
class ProcessScriptletsTest {

    @TempDir
    Path dir;

    private Step step;

    @BeforeEach
    void setUp() {
        step = new Step(dir);
    }

    @Test
    void runCommandPassesArgvUnchangedAndStoresTheOutput() throws Exception {
        step.ctx.set("word", "two words; $(not run)");
        step.run(new RunCommand(), "{'argv': ['printf', '%s|', 'a b', '{{word}}'], 'expect_output': 'a b\\\\|two words; \\\\$\\\\(not run\\\\)'}");
        JsonNode saved = step.get("command");
        assertThat(saved.get("exit_code").asInt()).isZero();
        assertThat(saved.get("stdout").asText()).isEqualTo("a b|two words; $(not run)|");
    }

    @Test
    void runCommandChecksTheExitCodeAndTheOutputPattern() throws Exception {
        step.run(new RunCommand(), "{'argv': ['sh', '-c', 'echo out; echo err >&2; exit 3'], 'expect_exit': 3, 'expect_output': '^err$'}");
        assertThat(step.get("command").get("stderr").asText()).isEqualTo("err\n");
        assertThatThrownBy(() -> step.run(new RunCommand(), "{'argv': ['sh', '-c', 'exit 4']}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("exited with 4, expected 0");
        assertThatThrownBy(() -> step.run(new RunCommand(), "{'argv': ['echo', 'hello'], 'expect_output': 'bye'}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("/bye/");
    }

    @Test
    void runCommandRunsInItsFolderWithItsEnvironmentAndStdin() throws Exception {
        Files.createDirectories(dir.resolve("work"));
        step.run(new RunCommand(), "{'argv': ['sh', '-c', 'pwd; echo $GREETING; cat'], 'cwd': 'work', 'env': {'GREETING': 'hi'}, 'stdin': 'piped'}");
        assertThat(step.get("command").get("stdout").asText()).isEqualTo(dir.resolve("work").toRealPath() + "\nhi\npiped");
        assertThatThrownBy(() -> step.run(new RunCommand(), "{'argv': ['true'], 'cwd': '../'}"))
                .isInstanceOf(InvalidParamsException.class);
    }

    @Test
    void runCommandKillsACommandThatOutlivesItsTimeoutWithItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        assertThatThrownBy(() -> step.run(new RunCommand(), "{'argv': ['sh', '-c', 'sleep 300 & echo $! > child.pid; wait'],"
                + " 'timeout_s': 0.5}")).isInstanceOf(TimeoutException.class).hasMessageContaining("killed it");
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void backgroundProcessServesOnAFreePortUntilItIsStopped() throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/hello.json"), "{\"hello\": \"world\"}");
        JsonNode started = step.run(new BackgroundProcess(), "{'action': 'start', 'name': 'web', 'free_port': 'port',"
                + " 'argv': ['python3', '-m', 'http.server', '{{port}}', '--bind', '127.0.0.1', '--directory', 'www']}");
        long pid = started.get("pid").asLong();
        try {
            assertThat(BackgroundProcess.isRunning("run-1", "test_recipe", "web")).isTrue();
            step.run(new WaitForService(), "{'port_ref': 'port', 'timeout_s': 30, 'poll_ms': 20}");
            step.run(new WaitForService(), "{'url': 'http://127.0.0.1:{{port}}/hello.json', 'timeout_s': 30, 'poll_ms': 20}");
            step.run(new HttpRequest(), "{'url': 'http://127.0.0.1:{{port}}/hello.json', 'expect_status': 200}");
            assertThat(step.get("http_response").at("/body/hello").asText()).isEqualTo("world");
            assertThatThrownBy(() -> step.run(new BackgroundProcess(), "{'action': 'start', 'name': 'web', 'argv': ['true']}"))
                    .hasMessageContaining("already running");
        } finally {
            JsonNode stopped = step.run(new BackgroundProcess(), "{'action': 'stop', 'name': 'web', 'grace_s': 5}");
            assertThat(stopped.get("stopped").asBoolean()).isTrue();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.readString(dir.resolve("Logs/web.process.log"))).contains("GET /hello.json");
        assertThat(step.run(new BackgroundProcess(), "{'action': 'stop', 'name': 'web'}").get("stopped").asBoolean()).isFalse();
    }

    @Test
    void backgroundProcessIsKilledAfterItsLifetime() throws Exception {
        long pid = step.run(new BackgroundProcess(), "{'action': 'start', 'name': 'short', 'argv': ['sleep', '300'],"
                + " 'max_lifetime_s': 0.2}").get("pid").asLong();
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) {
            handle.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(BackgroundProcess.isRunning("run-1", "test_recipe", "short")).isFalse();
    }

    @Test
    void waitForServiceTimesOutOnAClosedPort() {
        int closed = BackgroundProcess.freePort();
        assertThatThrownBy(() -> step.run(new WaitForService(), "{'port': " + closed + ", 'timeout_s': 0.1, 'poll_ms': 10}"))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("127.0.0.1:" + closed + " not ready");
        assertThatThrownBy(() -> step.run(new WaitForService(), "{'port': 1, 'url': 'http://x'}"))
                .isInstanceOf(InvalidParamsException.class);
    }
}
