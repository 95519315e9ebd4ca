package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code service:} key of a step: its forms, its defaults, and every way it is refused with a position. */
class ServiceKeyTest {

    @TempDir
    Path dir;

    private TestWorkspace ws;

    @BeforeEach
    void setUp() {
        ws = new TestWorkspace(dir);
    }

    private static String recipe(String serviceStep) {
        return """
                test_meta: {test_id: svc, tester: qa, description: services}
                steps:
                """ + serviceStep + """
                  - {idx: 9, name: user, type: shell, cmd: scriptlets/shell/step.sh}
                """;
    }

    private Step service(String serviceStep) {
        LoadResult result = ws.loadText("svc.yaml", recipe(serviceStep));
        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Valid.class);
        return ((LoadResult.Valid) result).recipe().step("api").orElseThrow();
    }

    private List<String> problems(String serviceStep) {
        LoadResult result = ws.loadText("svc.yaml", recipe(serviceStep));
        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid) result).problems().stream()
                .map(p -> p.position() + ": " + p.message()).toList();
    }

    @Test
    void trueMakesAServiceThatIsReadyOnceStartedWithTheDefaultTimeouts() {
        StepService service = service("  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh, service: true}\n").service();

        assertThat(service.enabled()).isTrue();
        assertThat(service.ready()).isInstanceOf(StepService.Ready.Started.class);
        assertThat(service.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(service.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aStepWithoutTheKeyOrWithFalseIsNoService() {
        assertThat(service("  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh}\n").service().enabled())
                .isFalse();
        assertThat(service("  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh, service: false}\n")
                .service().enabled()).isFalse();
    }

    @Test
    void eachReadyCheckAndBothTimeoutsAreRead() {
        StepService http = service("""
                  - idx: 1
                    name: api
                    type: python
                    module: scriptlets.python.steps.compute_metrics
                    function: StepComputeMetrics
                    service: {ready: {http: "http://127.0.0.1:8000/health", status: 204}, ready_timeout: 5s, stop_timeout: 500ms}
                """).service();
        assertThat(http.ready()).isEqualTo(new StepService.Ready.Http(URI.create("http://127.0.0.1:8000/health"), 204));
        assertThat(http.readyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.stopTimeout()).isEqualTo(Duration.ofMillis(500));

        assertThat(service("  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh, service: {ready: {port: 8080}}}\n")
                .service().ready()).isEqualTo(new StepService.Ready.Port(8080));
        StepService.Ready log = service("  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh,"
                + " service: {ready: {log: 'listening on \\d+'}}}\n").service().ready();
        assertThat(((StepService.Ready.Log) log).regex().matcher("now listening on 80").find()).isTrue();
    }

    @Test
    void aJavaStepInItsOwnJvmCanBeAService() {
        Step step = service("  - {idx: 1, name: api, type: java, class: dev.orchestrator.recipe.SampleScriptlet,"
                + " requires_process: true, service: true}\n");
        assertThat(step.service().enabled()).isTrue();
    }

    @Test
    void timeoutAndRetriesFromDefaultsAreNotAppliedToAService() {
        LoadResult result = ws.loadText("svc.yaml", """
                test_meta: {test_id: svc, tester: qa, description: services}
                defaults: {timeout: 1s, retries: 2}
                steps:
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh, service: true}
                  - {idx: 2, name: user, type: shell, cmd: scriptlets/shell/step.sh}
                """);
        Recipe recipe = ((LoadResult.Valid) result).recipe();

        assertThat(recipe.step("api").orElseThrow().limits().timeout()).isNull();
        assertThat(recipe.step("api").orElseThrow().limits().retries()).isZero();
        assertThat(recipe.step("user").orElseThrow().limits().retries()).isEqualTo(2);
    }

    /** The start of the service step's line: the keys under test follow it, so their columns are offsets into them. */
    private static final String SHELL_STEP = "  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh, ";

    @ParameterizedTest(name = "{0} → column {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "service: {ready: {tcp: 80}}"                     | 19 | unknown ready check 'tcp'; expected one of port, http, log
            "service: {ready: {port: 70000}}"                 | 25 | expected an integer from 1 to 65535 for 'service.ready.port', found 70000
            "service: {ready: {port: 80, log: x}}"            | 19 | expected exactly one ready check (port, http or log) in service.ready, found port and log
            "service: {ready: {}}"                            | 18 | expected exactly one ready check (port, http or log) in service.ready, found none
            "service: {ready: {port: 80, status: 200}}"       | 29 | 'status' belongs to an http ready check, not to port
            "service: {ready: {http: 'http://example.com/'}}" | 25 | expected a URL on this machine (127.0.0.1, localhost or [::1]) for 'service.ready.http', found host 'example.com'
            "service: {ready: {http: 'ftp://127.0.0.1/'}}"    | 25 | expected an http:// or https:// URL with a host for 'service.ready.http', found 'ftp://127.0.0.1/'
            "service: {ready: {log: '(unclosed'}}"            | 24 | expected a regular expression for 'service.ready.log', found '(unclosed'
            "service: {ready_timeout: soon}"                  | 26 | expected a duration like 500ms, 30s, 5m, 1h or a number of seconds for 'service.ready_timeout', found a string ('soon')
            "service: {redy: {port: 80}}"                     | 11 | unknown key 'redy' in service; did you mean 'ready'?
            "service: yes please"                             | 10 | expected true, false or a mapping of ready, ready_timeout and stop_timeout for 'service', found a string ('yes please')
            "service: true, retries: 1"                       | 16 | retries on service step 'api': a service starts once
            "service: true, timeout: 5s"                      | 16 | timeout on service step 'api': a service runs as long as the steps that need it
            """)
    void aMalformedServiceIsRefusedWhereItIsWritten(String keys, int column, String message) {
        List<String> problems = problems(SHELL_STEP + keys + "}\n");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("3:" + (SHELL_STEP.length() + column) + ": " + message));
    }

    @Test
    void anInProcessJavaStepCannotBeAService() {
        assertThat(problems("  - {idx: 1, name: api, type: java, class: dev.orchestrator.recipe.SampleScriptlet,"
                + " service: true}\n"))
                .containsExactly("3:85: service: step 'api' runs in the engine's JVM; a service must be a process (a shell"
                        + " or python step, or a java step with requires_process: true)");
    }

    @Test
    void serviceCannotBeADefault() {
        LoadResult result = ws.loadText("svc.yaml", """
                test_meta: {test_id: svc, tester: qa, description: services}
                defaults: {service: true}
                steps:
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/step.sh}
                """);
        assertThat(((LoadResult.Invalid) result).problems()).anySatisfy(p ->
                assertThat(p.position() + ": " + p.message()).startsWith("2:12: 'service' cannot be a default"));
    }
}
