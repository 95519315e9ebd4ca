package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.monitor.internal.Monitor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monitor in a real browser (Debian's chromium through /usr/bin/chromedriver, headless): runs page,
 * a run's graph and timeline, a step turning from running to passed while a CLI process runs, the step's
 * log, the ctx slider, two runs compared, and markup in the data staying text; a step served from the step cache
 * marked in its row, the graph and its page. Screenshots of each page go to docs/images/monitor-*.png (shown in
 * the README).
 */
class MonitorBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String PROBE = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";

    @TempDir
    Path dir;

    ChromeDriver browser;
    Monitor monitor;
    Process cli;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (cli != null && cli.isAlive()) {
            cli.destroy();
            cli.waitFor();
        }
    }

    static String recipe(String region) {
        return """
                test_meta: {test_id: probe, tester: qa, description: "%s", tags: [ui]}
                steps:
                  - idx: 1
                    name: seed
                    type: java
                    class: dev.orchestrator.scriptlets.SetCtx
                    params: {values: {region: %s, note: "%s"}}
                    writes: [region, note]
                  - idx: 2
                    name: more
                    type: java
                    class: dev.orchestrator.scriptlets.SetCtx
                    depends_on: [seed]
                    params: {values: {threshold: 0.5}}
                    reads: [region]
                    writes: [threshold]
                """.formatted(PROBE.replace("\"", "\\\""), region, PROBE.replace("\"", "\\\""));
    }

    static final String SLOW = """
            test_meta: {test_id: slow, tester: qa, description: a step that sleeps}
            steps:
              - idx: 1
                name: warm_up
                type: java
                class: dev.orchestrator.scriptlets.SetCtx
                params: {values: {phase: warm}}
              - idx: 2
                name: nap
                type: shell
                cmd: scriptlets/shell/nap.sh
                depends_on: [warm_up]
            """;

    @Test
    void aPersonFollowsRunsStepsLogsCtxAndComparisonsLive() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
        TestWorkspace ws = TestWorkspace.in(dir.resolve("ws"));
        ws.write("recipes/probe.yaml", recipe("eu"));
        assertThat(cli("run", "-w", ws.root.toString(), "-r", "recipes/probe.yaml", "-c", "orchestrator.run-id=run-a")).isZero();
        ws.write("recipes/probe.yaml", recipe("us"));
        assertThat(cli("run", "-w", ws.root.toString(), "-r", "recipes/probe.yaml", "-c", "orchestrator.run-id=run-b")).isZero();
        Path nap = ws.write("scriptlets/shell/nap.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\necho \"napping\"\nsleep 4\necho \"awake\"\n");
        nap.toFile().setExecutable(true);
        ws.write("recipes/slow.yaml", SLOW);

        monitor = Monitor.start(new Monitor.Options(ws.root, "127.0.0.1", 0));
        String base = "http://127.0.0.1:" + monitor.port();
        browser = chrome(dir.resolve("profile"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        // Runs: both runs, newest first
        browser.get(base + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs-table tr[data-run='run-a']")));
        assertThat(browser.findElements(By.cssSelector("#runs-table tbody tr")).get(0).getAttribute("data-run")).isEqualTo("run-b");
        wait.until(d -> !d.findElement(By.id("trend-legend")).getText().isEmpty());
        screenshot("runs");

        // a CLI run in another process appears on the open page without a reload
        cli = cliProcess(ws, "run", "-r", "recipes/slow.yaml", "-c", "orchestrator.run-id=live-run");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs-table tr[data-run='live-run']")));
        click(wait, By.cssSelector("#runs-table tr[data-run='live-run'] a"));

        // Run: the nap step is running, then passed, with graph and timeline drawn
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-step='nap'][data-status='running']")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("nap never shown running; the CLI said: " + Files.readString(dir.resolve("cli.out"))
                    + "\npage: " + browser.findElement(By.id("main")).getText(), e);
        }
        assertThat(browser.findElements(By.cssSelector("#graph-slow canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#gantt-slow canvas"))).isNotEmpty();
        screenshot("run-live");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-step='nap'][data-status='passed']")));
        assertThat(cli.waitFor() == 0 || !cli.isAlive()).isTrue();
        assertThat(browser.getCurrentUrl()).endsWith("/run?id=live-run");
        screenshot("run");

        // Step: its log
        click(wait, By.cssSelector("tr[data-step='nap'] a"));
        wait.until(d -> d.findElement(By.id("log")).getText().contains("awake"));
        assertThat(browser.findElement(By.id("log")).getText()).contains("napping");
        screenshot("step");

        // back button: the run page again
        browser.navigate().back();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-step='nap'][data-status='passed']")));

        // Ctx: the slider moves through the history; markup in values stays text
        browser.get(base + "/ctx?run=run-a&recipe=probe");
        WebElement slider = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ctx-slider")));
        wait.until(d -> d.findElement(By.id("ctx-json")).getText().contains("region"));
        String atEnd = browser.findElement(By.id("ctx-at")).getText();
        slider.sendKeys(Keys.HOME);
        wait.until(d -> d.findElement(By.id("ctx-at")).getText().startsWith("after 0 of"));
        assertThat(browser.findElement(By.id("ctx-json")).getText()).isEqualTo("{}");
        slider.sendKeys(Keys.ARROW_RIGHT);
        wait.until(d -> d.findElement(By.id("ctx-at")).getText().startsWith("after 1 of"));
        slider.sendKeys(Keys.END);
        wait.until(d -> d.findElement(By.id("ctx-at")).getText().equals(atEnd));
        assertThat(browser.findElement(By.id("ctx-json")).getText()).contains("<script>document.title='pwned'</script>");
        browser.findElement(By.cssSelector("#keys button[data-key='region']")).click();
        wait.until(d -> d.findElement(By.id("key-history")).getText().contains("run-b"));
        screenshot("ctx");

        // Compare: the region differs, the threshold does not
        browser.get(base + "/compare?a=run-a&b=run-b");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#compare-keys tr[data-key='region'][data-same='false']")));
        assertThat(browser.findElement(By.cssSelector("#compare-keys tr[data-key='threshold']")).getAttribute("data-same")).isEqualTo("true");
        screenshot("compare");

        // XSS probe: the run page of the probe recipe shows its description as text, nothing ran
        browser.get(base + "/run?id=run-a");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-step='seed']")));
        assertThat(browser.getTitle()).isEqualTo("orchestrator monitor");
        assertThat(browser.findElement(By.id("main")).getText()).contains("<img src=x onerror=");
        assertThat(browser.findElements(By.cssSelector("#main img, #main script"))).isEmpty();

        // its graph: beside the dependency arrow seed -> more, a dashed data edge labelled with the key read
        Object dataEdges = wait.until(d -> d.findElements(By.cssSelector("#graph-probe canvas")).isEmpty() ? null
                : browser.executeScript("""
                const chart = echarts.getInstanceByDom(document.getElementById('graph-probe'));
                if (!chart) return null;
                return chart.getOption().series[0].links
                    .map(l => l.source + '>' + l.target + ':' + (l.lineStyle ? l.lineStyle.type : 'solid')
                        + ':' + (l.label ? l.label.formatter : '')).join('|');"""));
        assertThat(dataEdges).isEqualTo("seed>more:solid:|seed>more:dashed:region");
    }

    @Test
    void aStepServedFromTheCacheShowsTheRunItCameFromInItsRowGraphAndPage() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
        TestWorkspace ws = TestWorkspace.in(dir.resolve("ws"));
        MonitorCachedStepTest.twoRuns(ws);
        monitor = Monitor.start(new Monitor.Options(ws.root, "127.0.0.1", 0));
        String base = "http://127.0.0.1:" + monitor.port();
        browser = chrome(dir.resolve("profile"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        // Run: the cached step's row says where its result came from, the step that ran says nothing
        browser.get(base + "/run?id=cache-2");
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-step='load'][data-cached-from='cache-1']")));
        assertThat(row.findElement(By.cssSelector("[data-status='passed']")).getText()).isEqualTo("passed");
        assertThat(row.findElement(By.cssSelector(".cached")).getText()).isEqualTo("cached from run cache-1");
        assertThat(browser.findElements(By.cssSelector("tr[data-step='check'] .cached, tr[data-step='check'][data-cached-from]")))
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("#main p.meta")).getText()).contains("2 passed (1 cached)");

        // its graph: the cached node teal with a dashed ring and "(cached)" after its name
        Object nodes = wait.until(d -> d.findElements(By.cssSelector("#graph-cachedui canvas")).isEmpty() ? null
                : browser.executeScript("""
                const chart = echarts.getInstanceByDom(document.getElementById('graph-cachedui'));
                if (!chart) return null;
                const series = chart.getOption().series[0];
                return series.data.map(n => n.name + ':' + n.itemStyle.color + ':' + (n.itemStyle.borderType || 'solid')
                    + ':' + n.value + ':' + series.label.formatter({ name: n.name, data: n })).join('|');"""));
        assertThat(nodes).isEqualTo("load:#00897b:dashed:passed, cached from run cache-1:load (cached)"
                + "|check:#2e7d32:solid:passed:check");
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", row);
        screenshot("run-cached");

        // the run it came from is a link away
        click(wait, By.cssSelector("tr[data-step='load'] .cached a"));
        wait.until(ExpectedConditions.urlToBe(base + "/run?id=cache-1"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-step='load'][data-status='passed']")));
        assertThat(browser.findElements(By.cssSelector("#main .cached"))).isEmpty();

        // Step: the cached step's page says it too
        browser.get(base + "/step?run=cache-2&recipe=cachedui&step=load");
        WebElement mark = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#main .cached")));
        assertThat(mark.getText()).isEqualTo("cached from run cache-1");

        // Runs: the passed count says how many came from the cache
        browser.get(base + "/");
        WebElement passed = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-run='cache-2'] td.passed")));
        assertThat(passed.getText()).isEqualTo("2 (1 cached)");
        assertThat(browser.findElement(By.cssSelector("tr[data-run='cache-1'] td.passed")).getText()).isEqualTo("2");

        // Compare: each run's cached steps counted, the cached step marked in its column
        browser.get(base + "/compare?a=cache-1&b=cache-2");
        WebElement counts = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compare-cached")));
        assertThat(counts.getText()).isEqualTo("· cached steps: cache-1 0, cache-2 1");
        List<WebElement> marks = browser.findElements(By.cssSelector("#compare-steps .cached"));
        assertThat(marks).extracting(WebElement::getText).containsExactly("cached from run cache-1");
    }

    /** Clicks what {@code by} finds, again when a live refresh replaced it in between. */
    private static void click(WebDriverWait wait, By by) {
        wait.until(d -> {
            try {
                d.findElement(by).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
    }

    private static int cli(String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private Process cliProcess(TestWorkspace ws, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(ws.root.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cli.out").toFile()).start();
    }

    private static ChromeDriver chrome(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void screenshot(String page) throws Exception {
        Path images = TestWorkspace.REPO.resolve("docs/images");
        Files.createDirectories(images);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(images.resolve("monitor-" + page + ".png"), png);
    }
}
