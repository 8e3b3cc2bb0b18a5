package memwb.ui;

/** Names of OSGi bundle states, as Felix's {@code lb} and Eclipse's installation details show them. */
final class BundleStates {
    // The values of org.osgi.framework.Bundle's state constants (fixed by the OSGi core spec).
    static final int UNINSTALLED = 0x01;
    static final int INSTALLED = 0x02;
    static final int RESOLVED = 0x04;
    static final int STARTING = 0x08;
    static final int STOPPING = 0x10;
    static final int ACTIVE = 0x20;

    private BundleStates() {
    }

    /** The upper-case name of {@code state}, or "UNKNOWN(0x..)" for a value the spec does not define. */
    static String name(int state) {
        return switch (state) {
            case UNINSTALLED -> "UNINSTALLED";
            case INSTALLED -> "INSTALLED";
            case RESOLVED -> "RESOLVED";
            case STARTING -> "STARTING";
            case STOPPING -> "STOPPING";
            case ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(0x" + Integer.toHexString(state) + ")";
        };
    }
}
