package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;

import memwb.launcher.LaunchException;

/**
 * Boots features core+ui with a real window (needs an X server: Xvfb is enough) and drives it with
 * the ui:* Gogo commands: the Bundles view shows real bundles, a view contributed at run time comes
 * and goes with its bundle, and screenshots of the window and the About dialog are saved to
 * target/screenshots. One boot for the whole class: SWT's natives load once per JVM (platform
 * notes, pitfall 5), and the POM runs every IT class in its own fork.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchUiIT {
    /** Named, not referenced as a class literal: the test JVM must never load it (it needs SWT and the API). */
    private static final String PROBE_CLASS = "memwb.launcher.ui.ProbeView";
    /** ProbeView's id and its one row (the same literals as in ProbeView). */
    private static final String PROBE_ID = "memwb.test.probe";
    private static final String PROBE_ROW = "contributed at run time";

    @RegisterExtension
    static final Gui gui = Gui.window("WorkbenchUiIT", "core", "ui");

    @Test
    @Order(1)
    void theWindowIsOpenAndTheBundlesViewIsContributedAndOpenInTheLeftStack() {
        String window = gui.await("ui:window", s -> s.contains("open left memwb.view.bundles"));
        assertTrue(window.startsWith("Memory Workbench"), window);
        String views = gui.launcher.execute("ui:views");
        assertTrue(views.contains("memwb.view.bundles\tBundles\topen (left)"), views);
        assertEquals(List.of(), gui.launcher.loggedErrors(), "errors were logged while the window opened");
    }

    @Test
    @Order(2)
    void theBundlesViewListsEveryBundleWithItsRealStateAndTheScreenshotShowsIt() throws IOException {
        gui.launcher.execute("ui:show memwb.view.bundles");
        String dump = gui.await("ui:dump memwb.view.bundles",
                s -> s.lines().anyMatch(l -> l.startsWith("org.apache.felix.scr\t") && l.contains("\tACTIVE\t")));
        for (Bundle b : gui.launcher.context().getBundles()) {
            String state = b.getHeaders().get("Fragment-Host") != null ? "RESOLVED" : "ACTIVE";
            String row = b.getSymbolicName() + "\t" + b.getBundleId() + "\t" + state + "\t" + b.getVersion();
            assertTrue(dump.lines().anyMatch(row::equals), "no row " + row + " in\n" + dump);
        }
        // The workbench's own bundle is expanded at first: it registers the view service it uses.
        assertTrue(dump.contains("    memwb.api.view.WorkbenchView\t"), dump);

        Path png = gui.screenshots.resolve("workbench-bundles.png");
        Files.deleteIfExists(png);
        String saved = gui.launcher.execute("ui:screenshot " + png).strip();
        assertEquals(png.toString(), saved);
        gui.assertWindowSizedAndNotFlat(png);
    }

    @Test
    @Order(3)
    void aViewContributedAtRunTimeAppearsOpensAndClosesWithItsBundle() throws IOException {
        assertFalse(gui.launcher.execute("ui:views").contains(PROBE_ID));
        Bundle probe = gui.installBundle("memwb.test.probeview", PROBE_CLASS,
                "memwb.api.view;version=\"[1.0,2)\",org.eclipse.swt,org.eclipse.swt.widgets,org.osgi.framework").start0();
        String views = gui.await("ui:views", s -> s.contains(PROBE_ID));
        assertTrue(views.contains(PROBE_ID + "\tProbe\tclosed"), views);

        gui.launcher.execute("ui:show " + PROBE_ID);
        assertTrue(gui.launcher.execute("ui:views").contains(PROBE_ID + "\tProbe\topen (bottom)"));
        assertEquals(PROBE_ROW + "\tmemwb.test.probeview", gui.launcher.execute("ui:dump " + PROBE_ID).strip());
        gui.await("ui:dump memwb.view.bundles", s -> s.contains("memwb.test.probeview\t" + probe.getBundleId()));
        Path png = gui.screenshots.resolve("workbench-probe-view.png");
        gui.launcher.execute("ui:screenshot " + png);
        gui.assertWindowSizedAndNotFlat(png);

        gui.launcher.execute("ui:close " + PROBE_ID);
        assertTrue(gui.launcher.execute("ui:views").contains(PROBE_ID + "\tProbe\tclosed"));
        gui.launcher.execute("ui:show " + PROBE_ID); // closed views reopen

        try {
            probe.uninstall();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError(e);
        }
        gui.await("ui:views", s -> !s.contains(PROBE_ID));
        String window = gui.await("ui:window", s -> !s.contains(PROBE_ID));
        assertTrue(window.contains("status View Probe closed: its bundle went away"), window);
        gui.await("ui:dump memwb.view.bundles", s -> !s.contains("memwb.test.probeview"));
    }

    @Test
    @Order(4)
    void commandsNameWhatIsWrong() {
        LaunchException unknown = assertThrows(LaunchException.class, () -> gui.launcher.execute("ui:show memwb.view.nope"));
        assertTrue(unknown.getMessage().contains("No view with id memwb.view.nope; known: "), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("memwb.view.bundles"), unknown.getMessage());
        gui.launcher.execute("ui:close memwb.view.bundles");
        LaunchException closed = assertThrows(LaunchException.class, () -> gui.launcher.execute("ui:dump memwb.view.bundles"));
        assertTrue(closed.getMessage().contains("View memwb.view.bundles is not open"), closed.getMessage());
        gui.launcher.execute("ui:menu Window/Reset");
        gui.await("ui:views", s -> s.contains("memwb.view.bundles\tBundles\topen (left)"));
        LaunchException menu = assertThrows(LaunchException.class, () -> gui.launcher.execute("ui:menu File/Print"));
        assertTrue(menu.getMessage().contains("No menu item \"print\""), menu.getMessage());
    }

    @Test
    @Order(5)
    void theWindowClosesWithItsBundleAndOpensAgainWhenTheBundleIsRestarted() throws Exception {
        Bundle ui = java.util.Arrays.stream(gui.launcher.context().getBundles())
                .filter(b -> "memwb.ui".equals(b.getSymbolicName())).findFirst().orElseThrow();
        long t0 = System.nanoTime();
        ui.stop();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[WorkbenchUiIT] memwb.ui stopped (window disposed, UI thread joined) in " + stopMillis + " ms");
        assertTrue(stopMillis < 5_000, "stopping the window took " + stopMillis + " ms");
        LaunchException gone = assertThrows(LaunchException.class, () -> gui.launcher.execute("ui:window"));
        assertTrue(gone.getMessage().contains("ui:window"), gone.getMessage());

        ui.start();
        String window = gui.await("ui:window", s -> s.contains("open left memwb.view.bundles"));
        assertTrue(window.startsWith("Memory Workbench"), window);
        gui.await("ui:dump memwb.view.bundles", s -> s.contains("memwb.ui\t" + ui.getBundleId() + "\tACTIVE\t"));
    }

    @Test
    @Order(6)
    void theAboutDialogListsEveryBundle() throws Exception {
        Path about = gui.screenshots.resolve("workbench-about.png");
        gui.launcher.execute("ui:menu Help/About");
        Thread.sleep(1_000); // the dialog fills its table from a background snapshot
        gui.launcher.execute("ui:screenshot " + about + " display");
        BufferedImage image = ImageIO.read(about.toFile());
        assertTrue(Gui.colours(image) >= Gui.MIN_COLOURS, "the About screenshot is nearly one flat colour");
    }

    @Test
    @Order(7)
    void fileExitStopsTheFramework() throws Exception {
        gui.launcher.execute("ui:menu File/Exit");
        FrameworkEvent stopped = gui.launcher.framework().waitForStop(15_000);
        assertEquals(FrameworkEvent.STOPPED, stopped.getType(), "File > Exit did not stop the framework: " + stopped);
    }
}
