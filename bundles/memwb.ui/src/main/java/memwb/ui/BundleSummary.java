package memwb.ui;

import java.util.List;

/**
 * What the Bundles view and the About dialog show of one bundle, taken off the UI thread so that
 * painting never touches the framework. {@code host} names the bundle a fragment is attached to
 * ("org.eclipse.swt (3)"), or is empty.
 */
record BundleSummary(long id, String symbolicName, String name, String version, String state, boolean fragment,
        String host, List<ServiceLine> registered, List<ServiceLine> inUse) {

    /** One service: its id and its objectClass names joined by ", ". */
    record ServiceLine(long serviceId, String objectClasses) {
    }

    BundleSummary {
        registered = List.copyOf(registered);
        inUse = List.copyOf(inUse);
    }

    /** "org.apache.felix.scr (3)": how messages name a bundle. */
    String label() {
        return symbolicName + " (" + id + ")";
    }
}
