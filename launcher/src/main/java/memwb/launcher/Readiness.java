package memwb.launcher;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Whether a framework is up: every bundle ACTIVE (fragments RESOLVED) and every DS component
 * satisfied. Immediate components must be ACTIVE: a component whose activation threw (for instance
 * a missing SWT fragment) stays SATISFIED, which is a failure, not a success (platform notes 7-8).
 */
public final class Readiness {
    /** Starts the text of a problem that waiting will not fix. */
    static final String FAILED = "failed to activate: ";

    private Readiness() {
    }

    /** True if a problem is permanent (an activation threw), so waiting longer is pointless. */
    static boolean fatal(String problem) {
        return problem.contains(FAILED);
    }

    /** What is not ready yet, one line each; empty when the framework is up. */
    public static List<String> problems(BundleContext context) {
        return problems(context.getBundle(0), List.of());
    }

    /**
     * As {@link #problems(BundleContext)}, for a framework that may have stopped, and ignoring
     * bundles whose start is deliberately deferred (the terminal console).
     */
    static List<String> problems(Bundle framework, List<Bundle> deferred) {
        BundleContext context = framework.getBundleContext();
        if (framework.getState() != Bundle.ACTIVE || context == null) {
            return List.of("the framework stopped while starting (" + stateName(framework.getState()) + ")");
        }
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (deferred.contains(b)) {
                continue;
            }
            boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            int wanted = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != wanted) {
                problems.add("bundle " + b.getSymbolicName() + " is " + stateName(b.getState()) + ", not "
                        + stateName(wanted));
            }
        }
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            problems.add("Declarative Services (ServiceComponentRuntime) is not running");
            return problems;
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!scr.isComponentEnabled(d)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    String problem = problem(d, c);
                    if (problem != null) {
                        problems.add("component " + d.name + " (" + d.bundle.symbolicName + ") " + problem);
                    }
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return problems;
    }

    private static String problem(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        switch (c.state) {
            case ComponentConfigurationDTO.ACTIVE:
                return null;
            case ComponentConfigurationDTO.SATISFIED:
                if (!d.immediate) {
                    return null;
                }
                return c.failure != null ? FAILED + c.failure.lines().findFirst().orElse("")
                        : "is immediate but not ACTIVE yet";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                List<String> refs = new ArrayList<>();
                for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                    refs.add(r.name + " " + r.target);
                }
                return "waits for references " + refs;
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "waits for its configuration";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return FAILED + (c.failure == null ? "" : c.failure.lines().findFirst().orElse(""));
            default:
                return "is in state " + c.state;
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + state;
        };
    }
}
