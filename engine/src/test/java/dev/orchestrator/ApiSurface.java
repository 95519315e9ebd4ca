package dev.orchestrator;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What {@link ArchitectureTest} calls API: a public type (or a public member type of one) outside an
 * {@code internal} package whose {@code @API} status is not {@code INTERNAL} (docs/architecture.md, "What is API").
 */
final class ApiSurface {

    /**
     * Public {@code INTERNAL} types that stay beside the API of their package, because they work with package-private
     * types of an API group that they could not reach from an {@code internal} package (moving them would widen those).
     */
    static final Set<String> INTERNAL_BESIDE_API = Set.of(
            // makes the package-private disk and RAM checkpoint stores, whose journals read the ctx's package-private store
            "dev.orchestrator.context.CheckpointStores",
            // converts values the way the ctx does, with its package-private JsonValues
            "dev.orchestrator.context.GlobalState",
            // the launcher's PostDiscoveryFilter (public for ServiceLoader), working on the engine's package-private descriptors
            "dev.orchestrator.junit.OnlySkipFilter",
            // the engine's side of a scriptlet: BaseScriptlet's and ScriptletCli's package-private hooks (the step's log,
            // the global state, the exit codes), which must not become public
            "dev.orchestrator.scriptlet.ScriptletInvoker",
            "dev.orchestrator.scriptlet.ProcessBridge");

    private ApiSurface() {
    }

    static DescribedPredicate<JavaClass> status(API.Status status) {
        return DescribedPredicate.describe("@API(status = " + status + ")",
                type -> type.tryGetAnnotationOfType(API.class).map(api -> api.status() == status).orElse(false));
    }

    static DescribedPredicate<JavaClass> areApi() {
        return DescribedPredicate.describe("are API", ApiSurface::isApi);
    }

    static ArchCondition<JavaClass> beListedBesideApi() {
        return new ArchCondition<>("live in an internal package (or be listed in ApiSurface.INTERNAL_BESIDE_API)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (!INTERNAL_BESIDE_API.contains(type.getName())) {
                    events.add(SimpleConditionEvent.violated(type, type.getName()
                            + " is @API(status = INTERNAL) outside an internal package"));
                }
            }
        };
    }

    static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no internal type in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<JavaType> shown = new ArrayList<>(type.getInterfaces());
                type.getSuperclass().ifPresent(shown::add);
                for (JavaMember member : type.getMembers()) {
                    Set<JavaModifier> modifiers = member.getModifiers();
                    if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    if (member instanceof JavaField field) {
                        shown.add(field.getType());
                    } else if (member instanceof JavaCodeUnit unit) {
                        shown.add(unit.getReturnType());
                        shown.addAll(unit.getParameterTypes());
                    }
                }
                shown.stream().flatMap(t -> t.getAllInvolvedRawTypes().stream()).distinct()
                        .filter(ApiSurface::isInternal)
                        .forEach(internal -> events.add(SimpleConditionEvent.violated(type,
                                type.getName() + " exposes " + internal.getName())));
            }
        };
    }

    /** A public type outside internal packages, not INTERNAL itself, nested only in such types. */
    static boolean isApi(JavaClass type) {
        return type.getModifiers().contains(JavaModifier.PUBLIC) && !isInternal(type);
    }

    /** A type of the engine users may not rely on: in an internal package, INTERNAL, or not public. */
    static boolean isInternal(JavaClass type) {
        if (!type.getPackageName().startsWith("dev.orchestrator") || type.isArray()) {
            return false;
        }
        if (type.getPackageName().contains(".internal")) {
            return true;
        }
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            if (!top.getModifiers().contains(JavaModifier.PUBLIC)) {
                return true;
            }
            top = top.getEnclosingClass().get();
        }
        return !top.getModifiers().contains(JavaModifier.PUBLIC)
                || top.tryGetAnnotationOfType(API.class).map(api -> api.status() == API.Status.INTERNAL).orElse(true);
    }
}
