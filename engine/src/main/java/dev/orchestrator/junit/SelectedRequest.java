package dev.orchestrator.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoveryFilter;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryListener;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedClassSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.reporting.OutputDirectoryProvider;

/**
 * A discovery request whose selectors are the {@link Constants#SELECT} entries, as Cucumber's
 * {@code cucumber.features} replaces the launcher's selectors. Filters, configuration and listener stay the
 * launch's own. When the launch selects unique ids of this engine (an IDE or Surefire rerun of failed steps),
 * those win: a rerun must run what failed, not the whole selection again. A launch of class selectors only is
 * left alone too: that is Surefire asking every root engine about test classes, and the suite class among them
 * runs the selection through its own request; replacing both would run every selected step twice.
 */
final class SelectedRequest implements EngineDiscoveryRequest {

    private final EngineDiscoveryRequest delegate;
    private final List<DiscoverySelector> selectors;

    private SelectedRequest(EngineDiscoveryRequest delegate, List<DiscoverySelector> selectors) {
        this.delegate = delegate;
        this.selectors = List.copyOf(selectors);
    }

    static EngineDiscoveryRequest of(EngineDiscoveryRequest request, SelectionConfiguration selection,
                                     UniqueId engineId, Path workspace) {
        if (selection.select().isEmpty() || request.getSelectorsByType(UniqueIdSelector.class).stream()
                .anyMatch(s -> s.getUniqueId().hasPrefix(engineId)) || onlyClasses(request)) {
            return request;
        }
        List<DiscoverySelector> selectors = new ArrayList<>();
        selection.select().forEach(entry -> selectors.addAll(SelectEntries.selectors(entry, workspace)));
        return new SelectedRequest(request, selectors);
    }

    private static boolean onlyClasses(EngineDiscoveryRequest request) {
        List<DiscoverySelector> all = request.getSelectorsByType(DiscoverySelector.class);
        return !all.isEmpty() && all.stream().allMatch(s -> s instanceof ClassSelector || s instanceof MethodSelector
                || s instanceof NestedClassSelector || s instanceof NestedMethodSelector);
    }

    @Override
    public <T extends DiscoverySelector> List<T> getSelectorsByType(Class<T> selectorType) {
        return selectors.stream().filter(selectorType::isInstance).map(selectorType::cast).toList();
    }

    @Override
    public <T extends DiscoveryFilter<?>> List<T> getFiltersByType(Class<T> filterType) {
        return delegate.getFiltersByType(filterType);
    }

    @Override
    public ConfigurationParameters getConfigurationParameters() {
        return delegate.getConfigurationParameters();
    }

    @Override
    public EngineDiscoveryListener getDiscoveryListener() {
        return delegate.getDiscoveryListener();
    }

    @Override
    @SuppressWarnings("deprecation")
    public OutputDirectoryProvider getOutputDirectoryProvider() {
        return delegate.getOutputDirectoryProvider();
    }

    @Override
    public org.junit.platform.engine.OutputDirectoryCreator getOutputDirectoryCreator() {
        return delegate.getOutputDirectoryCreator();
    }
}
