package dev.orchestrator.report.allure.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.execution.internal.StepFailedException;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.secrets.Masker;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one step's end into an Allure {@link TestResult}: labels, description, parameters (secrets masked),
 * status and details, and nested steps for validation, each attempt and each success criterion.
 * Attachments are added by the {@link AllureWriter}.
 */
final class AllureResults {

    private static final Set<String> SEVERITIES = Set.of("blocker", "critical", "normal", "minor", "trivial");

    private AllureResults() {
    }

    static TestResult ran(String project, Recipe recipe, Step step, StepOutcome.Finished outcome, Masker masker) {
        TestResult result = base(project, recipe, step, masker);
        Throwable thrown = thrown(outcome);
        Status status = status(outcome.status(), thrown);
        StepOutcome.Ran ran = outcome.ran();
        long start = millis(ran.started());
        long stop = ran.finished() == null ? start + ran.usage().wall().toMillis() : millis(ran.finished());
        result.setStatus(status).setStart(start).setStop(stop);
        if (thrown != null) {
            result.setStatusDetails(details(thrown, masker));
        }
        result.setSteps(nested(step, outcome, start, stop));
        if (outcome instanceof StepOutcome.Passed passed && passed.cachedFrom() != null) {
            // a step served from the step cache did not run: say from which run its result came
            result.getLabels().add(label("cache", "hit"));
            result.getParameters().add(new Parameter().setName("cached_from").setValue(passed.cachedFrom()));
            result.setStatusDetails(new StatusDetails().setMessage("cached from run " + passed.cachedFrom()));
        }
        return result;
    }

    /** A result with every kind of part a real one has (labels, parameters, nested steps, details), to warm up with. */
    static TestResult warmUpResult() {
        long now = System.currentTimeMillis();
        return new TestResult().setUuid(UUID.randomUUID().toString()).setHistoryId(md5("warm.up")).setName("warm-up")
                .setFullName("warm.up").setStatus(Status.BROKEN).setStage(Stage.FINISHED).setStart(now).setStop(now)
                .setLabels(List.of(label("suite", "warm-up")))
                .setParameters(List.of(new Parameter().setName("p").setValue("v").setMode(Parameter.Mode.MASKED)))
                .setStatusDetails(new StatusDetails().setMessage("m").setTrace("t"))
                .setSteps(List.of(nestedStep("attempt 1 of 1", Status.PASSED, now, now, "d")))
                .setAttachments(List.of(new io.qameta.allure.model.Attachment().setName("a").setType("text/plain")
                        .setSource("a.txt")));
    }

    /** What a failed or aborted step threw; null for a passed one. */
    private static Throwable thrown(StepOutcome.Finished outcome) {
        if (outcome instanceof StepOutcome.Failed failed) {
            return failed.failure();
        }
        return outcome instanceof StepOutcome.Aborted aborted ? aborted.cause() : null;
    }

    static TestResult skipped(String project, Recipe recipe, Step step, String reason, Masker masker) {
        long now = System.currentTimeMillis();
        return base(project, recipe, step, masker).setStatus(Status.SKIPPED).setStart(now).setStop(now)
                .setStatusDetails(new StatusDetails().setMessage(masker.mask(reason)));
    }

    /**
     * Allure's convention: an assertion (here: a step's own verdict, e.g. a criterion) fails, any other error
     * breaks; an aborted step is skipped (as Allure's JUnit 5 adapter reports a test whose assumption failed).
     */
    static Status status(StepStatus status, Throwable failure) {
        return switch (status) {
            case PASSED -> Status.PASSED;
            case SKIPPED, ABORTED -> Status.SKIPPED;
            case FAILED -> failure instanceof StepFailedException || failure instanceof AssertionError
                    || failure == null ? Status.FAILED : Status.BROKEN;
        };
    }

    private static TestResult base(String project, Recipe recipe, Step step, Masker masker) {
        String fullName = recipe.testId() + "." + step.name();
        List<Label> labels = new ArrayList<>();
        labels.add(label("parentSuite", project));
        labels.add(label("suite", recipe.testId()));
        labels.add(label("owner", recipe.meta().tester()));
        labels.add(label("framework", "orchestrator"));
        labels.add(label("language", "java"));
        labels.add(label("testClass", recipe.testId()));
        labels.add(label("testMethod", step.name()));
        Set<String> tags = new LinkedHashSet<>(recipe.meta().tags());
        tags.addAll(step.scheduling().tags());
        tags.forEach(tag -> labels.add(label("tag", tag)));
        JsonNode severity = recipe.meta().raw().get("severity");
        if (severity != null && severity.isTextual() && SEVERITIES.contains(severity.asText().trim().toLowerCase())) {
            labels.add(label("severity", severity.asText().trim().toLowerCase()));
        }
        String description = recipe.meta().description()
                + (step.description() == null ? "" : "\n\nStep: " + step.description());
        return new TestResult()
                .setUuid(UUID.randomUUID().toString())
                .setHistoryId(md5(fullName))
                .setTestCaseId(md5(fullName))
                .setName(step.name())
                .setFullName(fullName)
                .setDescription(masker.mask(description))
                .setStage(Stage.FINISHED)
                .setLabels(labels)
                .setParameters(parameters(step, masker));
    }

    private static List<Parameter> parameters(Step step, Masker masker) {
        List<Parameter> parameters = new ArrayList<>();
        step.target().params().properties().forEach(e -> parameters.add(parameter(e.getKey(), e.getKey(), e.getValue(), masker)));
        step.target().args().properties().forEach(e -> parameters.add(parameter("--" + e.getKey(), e.getKey(), e.getValue(),
                masker)));
        return parameters;
    }

    /** A parameter: hidden (Allure's masked mode) when its key is secret, else its value with secrets masked. */
    static Parameter parameter(String name, String key, JsonNode value, Masker masker) {
        if (masker.isSecretKey(key)) {
            return new Parameter().setName(name).setValue(Masker.MASK).setMode(Parameter.Mode.MASKED);
        }
        JsonNode masked = masker.mask(value);
        return new Parameter().setName(name).setValue(masked.isTextual() ? masked.asText() : masked.toString());
    }

    private static List<StepResult> nested(Step step, StepOutcome.Finished outcome, long start, long stop) {
        String message = outcome.reason().orElse("");
        boolean invalidParams = message.startsWith("invalid parameters");
        boolean criteriaFailed = message.startsWith("success criteria not met");
        List<StepResult> steps = new ArrayList<>();
        steps.add(nestedStep("validate parameters", invalidParams ? Status.FAILED : Status.PASSED, start, start,
                invalidParams ? message : null));
        int attempts = Math.max(outcome.ran().attempts(), invalidParams ? 0 : 1);
        for (int i = 1; i <= attempts; i++) {
            boolean last = i == attempts;
            Status status = !last ? status(StepStatus.FAILED, thrown(outcome))
                    : outcome.status() == StepStatus.FAILED && !criteriaFailed ? status(outcome.status(), thrown(outcome))
                    : outcome.status() == StepStatus.ABORTED ? Status.SKIPPED : Status.PASSED;
            String detail = !last ? "failed, retried" : status == Status.PASSED ? null : message;
            steps.add(nestedStep("attempt " + i + " of " + attempts, status, start,
                    last ? stop : start, detail));
        }
        boolean ranToTheEnd = outcome.status() == StepStatus.PASSED || criteriaFailed;
        for (String file : step.success().filesExist()) {
            steps.add(criterion("success: files_exist " + file, ranToTheEnd,
                    criteriaFailed && message.contains("files_exist: expected " + file + " "), stop, message));
        }
        for (String key : step.success().ctxHasKeys()) {
            steps.add(criterion("success: ctx_has_keys " + key, ranToTheEnd,
                    criteriaFailed && message.contains("ctx_has_keys: expected ctx key '" + key + "'"), stop, message));
        }
        return steps;
    }

    private static StepResult criterion(String name, boolean checked, boolean unmet, long at, String message) {
        if (!checked) {
            return nestedStep(name, Status.SKIPPED, at, at, "not checked: the scriptlet did not succeed");
        }
        return nestedStep(name, unmet ? Status.FAILED : Status.PASSED, at, at, unmet ? message : null);
    }

    private static StepResult nestedStep(String name, Status status, long start, long stop, String message) {
        StepResult step = new StepResult().setName(name).setStatus(status).setStage(Stage.FINISHED)
                .setStart(start).setStop(stop);
        if (message != null) {
            step.setStatusDetails(new StatusDetails().setMessage(message));
        }
        return step;
    }

    private static StatusDetails details(Throwable failure, Masker masker) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        // the failure comes masked from the run; a value learned since (a later step's secret) is masked too
        return new StatusDetails().setMessage(masker.mask(message)).setTrace(masker.mask(trace.toString()));
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }

    private static long millis(Instant instant) {
        return instant == null ? System.currentTimeMillis() : instant.toEpochMilli();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
