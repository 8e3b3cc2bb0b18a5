package memwb.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleRevision;

/** Reads every bundle of the framework into {@link BundleSummary} values (call it off the UI thread). */
final class BundleSnapshots {
    private BundleSnapshots() {
    }

    /** Every installed bundle, by ascending id. A bundle uninstalled while it is read shows no services. */
    static List<BundleSummary> take(BundleContext context) {
        List<BundleSummary> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            out.add(summarize(b));
        }
        out.sort(Comparator.comparingLong(BundleSummary::id));
        return out;
    }

    static BundleSummary summarize(Bundle b) {
        String bsn = b.getSymbolicName() == null ? "(no symbolic name: " + b.getLocation() + ")" : b.getSymbolicName();
        BundleRevision revision = b.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        List<BundleSummary.ServiceLine> registered = List.of();
        List<BundleSummary.ServiceLine> inUse = List.of();
        try {
            registered = lines(b.getRegisteredServices());
            inUse = lines(b.getServicesInUse());
        } catch (IllegalStateException uninstalledMeanwhile) {
            // The bundle went away between getBundles() and now: show it without services.
        }
        String title = b.getHeaders().get(Constants.BUNDLE_NAME);
        return new BundleSummary(b.getBundleId(), bsn, title == null ? "" : title, b.getVersion().toString(),
                BundleStates.name(b.getState()), fragment, fragment ? host(b) : "", registered, inUse);
    }

    /** The host a fragment is attached to, "org.eclipse.swt (3)", or "" while it is not attached. */
    private static String host(Bundle fragment) {
        BundleWiring wiring = fragment.adapt(BundleWiring.class);
        if (wiring == null) {
            return "";
        }
        List<String> hosts = new ArrayList<>();
        for (BundleWire w : wiring.getRequiredWires(HostNamespace.HOST_NAMESPACE)) {
            Bundle h = w.getProvider().getBundle();
            hosts.add(h.getSymbolicName() + " (" + h.getBundleId() + ")");
        }
        return String.join(", ", hosts);
    }

    private static List<BundleSummary.ServiceLine> lines(ServiceReference<?>[] refs) {
        if (refs == null) {
            return List.of();
        }
        List<BundleSummary.ServiceLine> out = new ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            Object classes = ref.getProperty(Constants.OBJECTCLASS);
            String names = classes instanceof String[] a ? String.join(", ", a) : String.valueOf(classes);
            Object id = ref.getProperty(Constants.SERVICE_ID);
            out.add(new BundleSummary.ServiceLine(id instanceof Long l ? l : -1L, names));
        }
        out.sort(Comparator.comparingLong(BundleSummary.ServiceLine::serviceId));
        return out;
    }
}
