package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class BundleStatesTest {
    @Test
    void everyStateOfTheOsgiSpecHasItsName() {
        assertEquals("UNINSTALLED", BundleStates.name(Bundle.UNINSTALLED));
        assertEquals("INSTALLED", BundleStates.name(Bundle.INSTALLED));
        assertEquals("RESOLVED", BundleStates.name(Bundle.RESOLVED));
        assertEquals("STARTING", BundleStates.name(Bundle.STARTING));
        assertEquals("STOPPING", BundleStates.name(Bundle.STOPPING));
        assertEquals("ACTIVE", BundleStates.name(Bundle.ACTIVE));
    }

    @Test
    void anUndefinedStateIsShownInHex() {
        assertEquals("UNKNOWN(0x40)", BundleStates.name(0x40));
    }
}
