package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

class BundleActionsTest {
    private final List<String> statuses = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Feedback feedback = new Feedback() {
        @Override
        public void status(String message) {
            statuses.add(message);
        }

        @Override
        public void error(String title, String message) {
            errors.add(title + ": " + message);
        }
    };

    @Test
    void theReasonIncludesTheWrappedCausesOnce() {
        Exception root = new IllegalStateException("missing requirement osgi.wiring.package=foo");
        BundleException e = new BundleException("Unable to resolve x.y [12]", root);
        assertEquals("Unable to resolve x.y [12]: missing requirement osgi.wiring.package=foo", BundleActions.reason(e));
    }

    @Test
    void aCauseAlreadyQuotedInTheMessageIsNotRepeated() {
        Exception root = new java.io.IOException("zip END header not found");
        Exception e = new RuntimeException("Could not read: zip END header not found", root);
        assertEquals("Could not read: zip END header not found", BundleActions.reason(e));
    }

    @Test
    void installingAMissingFileNamesTheFileAndTouchesNoBundle(@TempDir Path dir) {
        List<String> calls = new ArrayList<>();
        BundleActions actions = new BundleActions(context(calls, Map.of()), Runnable::run, feedback);
        Path missing = dir.resolve("nope.jar");
        actions.install(missing);
        assertEquals(List.of("Install bundle: Could not install " + missing + ": no such file"), errors);
        assertEquals(List.of(), calls);
    }

    @Test
    void aStartThatFailsNamesTheBundleAndTheFrameworksReason() {
        List<String> calls = new ArrayList<>();
        Bundle b = bundle(7, "memwb.pfa.buddy", calls, new BundleException("Unable to resolve memwb.pfa.buddy [7]: "
                + "missing requirement osgi.wiring.package=memwb.api.pfa"));
        new BundleActions(context(calls, Map.of(7L, b)), Runnable::run, feedback).start(7);
        assertEquals(List.of("start 7"), calls);
        assertEquals(List.of("Bundles: Could not start memwb.pfa.buddy (7): Unable to resolve memwb.pfa.buddy [7]: "
                + "missing requirement osgi.wiring.package=memwb.api.pfa"), errors);
    }

    @Test
    void aStopThatWorksIsReportedInTheStatusBar() {
        List<String> calls = new ArrayList<>();
        Bundle b = bundle(3, "memwb.ram", calls, null);
        new BundleActions(context(calls, Map.of(3L, b)), Runnable::run, feedback).stop(3);
        assertEquals(List.of("stop 3"), calls);
        assertEquals(List.of("Stopped memwb.ram (3)"), statuses);
        assertEquals(List.of(), errors);
    }

    @Test
    void aBundleGoneBeforeTheOperationIsReportedByItsId() {
        new BundleActions(context(new ArrayList<>(), Map.of()), Runnable::run, feedback).uninstall(42);
        assertEquals(List.of("Bundles: Could not uninstall bundle 42: it is no longer installed"), errors);
    }

    /** A BundleContext that knows {@code bundles} by id and records install calls. */
    private static BundleContext context(List<String> calls, Map<Long, Bundle> bundles) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundles.get((Long) args[0]);
                    case "installBundle" -> {
                        calls.add("install " + args[0]);
                        throw new BundleException("not in this test");
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A bundle whose start/stop/uninstall are recorded and throw {@code failure} if given. */
    private static Bundle bundle(long id, String bsn, List<String> calls, BundleException failure) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> bsn;
                    case "start", "stop", "uninstall" -> {
                        calls.add(method.getName() + " " + id);
                        if (failure != null) {
                            throw failure;
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
