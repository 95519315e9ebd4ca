package dev.orchestrator.report;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A report plugin of a third party, for {@link ReportPluginsTest}: the names of the finished steps (each after the
 * ctx changes it made), written at run
 * end to its output ({@code listing:path}; default {@code reports/listing.txt}). It is registered only through a
 * class loader the test builds, so no other test finds it.
 */
public final class ListingReport implements ReportPlugin {

    @Override
    public String name() {
        return "listing";
    }

    @Override
    public Subscriber<RunEvent> start(ReportContext context) {
        Path file = context.output().orElse(context.settings().workspace().resolve("reports/listing.txt"));
        List<String> steps = new CopyOnWriteArrayList<>();
        return on -> {
            on.event(RunEvent.StepFinished.class, e -> steps.add(context.masker().mask(e.step().name())));
            // the ctx changes, one line each, into the same listing (they come before their step's line)
            on.event(RunEvent.CtxChanged.class, e -> e.changes().forEach(c ->
                    steps.add("ctx " + c.who() + " " + c.op() + " " + c.key() + "=" + context.masker().mask(c.value().toString()))));
            on.event(RunEvent.RunFinished.class, e -> {
                try {
                    Files.createDirectories(file.getParent());
                    Files.write(file, steps);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        };
    }
}
