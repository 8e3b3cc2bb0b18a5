package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DisplayTest {
    @Test
    void noDisplayVariableMeansNoDisplay() {
        assertEquals("DISPLAY is not set", Main.whyNoDisplay(null, null));
        assertEquals("DISPLAY is not set", Main.whyNoDisplay(" ", ""));
    }

    @Test
    void aLocalDisplayWithoutItsSocketIsNamed() {
        assertEquals("DISPLAY=:4242 but no X server is listening at /tmp/.X11-unix/X4242", Main.whyNoDisplay(":4242", null));
        assertEquals("DISPLAY=unix:4242.0 but no X server is listening at /tmp/.X11-unix/X4242",
                Main.whyNoDisplay("unix:4242.0", null));
    }

    @Test
    void remoteAndWaylandDisplaysAreTrusted() {
        assertNull(Main.whyNoDisplay("somehost:10.0", null));
        assertNull(Main.whyNoDisplay(null, "wayland-0"));
    }
}
