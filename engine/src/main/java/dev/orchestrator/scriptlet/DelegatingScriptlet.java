package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A scriptlet that forwards {@link #validate} and {@link #run} to another one, with the same log and workspace.
 * The base of the wrappers in {@link Scriptlets}; also how a recipe uses a wrapped scriptlet, since a
 * {@code type: java} step names a class with a public no-argument constructor:
 *
 * <pre>{@code
 * public final class TimedWriteJson extends DelegatingScriptlet {
 *     public TimedWriteJson() {
 *         super(Scriptlets.timed(Scriptlets.retrying(new WriteJson(), 3, Duration.ofSeconds(1))));
 *     }
 * }
 * }</pre>
 *
 * Subclasses override {@link #run} (or {@link #validate}) to add behaviour around {@code super.run(…)}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class DelegatingScriptlet extends BaseScriptlet {

    private final BaseScriptlet delegate;

    /** @param delegate the scriptlet doing the work; not null */
    public DelegatingScriptlet(BaseScriptlet delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped scriptlet. */
    public final BaseScriptlet delegate() {
        return delegate;
    }

    /** The innermost scriptlet (its class carries the {@link ScriptletDoc} of the whole chain). */
    public final BaseScriptlet innermost() {
        BaseScriptlet current = delegate;
        while (current instanceof DelegatingScriptlet wrapper) {
            current = wrapper.delegate();
        }
        return current;
    }

    @Override
    public void validate(Context ctx, Params params) {
        share();
        delegate.validate(ctx, params);
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        share();
        return delegate.run(ctx, params);
    }

    /** The delegate logs to this step's log and resolves paths against this step's workspace. */
    private void share() {
        delegate.attach(log(), workspace());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + delegate + ")";
    }
}
