package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;

import memwb.launcher.LaunchConfig;
import memwb.launcher.LaunchException;
import memwb.launcher.Launcher;

/**
 * Boots features core+ui with a real window (needs an X server: Xvfb is enough) and drives it with
 * the ui:* Gogo commands: the Bundles view shows real bundles, a view contributed at run time comes
 * and goes with its bundle, and screenshots of the window and the About dialog are saved to
 * target/screenshots. One boot for the whole class: SWT's natives load once per JVM (platform
 * notes, pitfall 5), and the POM runs every IT class in its own fork.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchUiIT {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final long POLL_TIMEOUT_MILLIS = 10_000;
    private static final long POLL_MILLIS = 50;
    /** A real rendering has far more colours than this (text anti-aliasing, borders, selection). */
    private static final int MIN_COLOURS = 16;
    /** Named, not referenced as a class literal: the test JVM must never load it (it needs SWT and the API). */
    private static final String PROBE_CLASS = "memwb.launcher.ui.ProbeView";
    /** ProbeView's id and its one row (the same literals as in ProbeView). */
    private static final String PROBE_ID = "memwb.test.probe";
    private static final String PROBE_ROW = "contributed at run time";
    private static final Pattern VISIBLE = Pattern.compile("visible (-?\\d+),(-?\\d+) (\\d+)x(\\d+)");

    private static Path storage;
    private static Path screenshots;
    private static Launcher launcher;

    @BeforeAll
    static void bootWithWindow() throws IOException {
        String display = System.getenv("DISPLAY");
        boolean hasDisplay = display != null && !display.isBlank();
        String why = "DISPLAY is not set: WorkbenchUiIT needs an X server (e.g. `Xvfb :99 &` then DISPLAY=:99 mvn verify)";
        if (!hasDisplay) {
            System.out.println("[WorkbenchUiIT] skipped: " + why); // surefire hides a class-level assumption's text
        }
        assumeTrue(hasDisplay, why);
        String distProperty = System.getProperty("memwb.dist");
        assumeTrue(distProperty != null, "system property memwb.dist is not set: run with `mvn verify`");
        Path dist = Paths.get(distProperty).toAbsolutePath().normalize();
        screenshots = dist.resolve("../screenshots").normalize();
        Files.createDirectories(screenshots);
        storage = Files.createTempDirectory("memwb-ui-it");
        LaunchConfig config = LaunchConfig.of(dist, List.of("core", "ui"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins"));
        launcher = Launcher.start(config);
        launcher.awaitReady(READY);
        System.out.println("[WorkbenchUiIT] core+ui ready in " + launcher.readyMillis() + " ms");
    }

    @AfterAll
    static void shutDown() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    @Order(1)
    void theWindowIsOpenAndTheBundlesViewIsContributedAndOpenInTheLeftStack() {
        String window = await("ui:window", s -> s.contains("open left memwb.view.bundles"));
        assertTrue(window.startsWith("Memory Workbench"), window);
        String views = launcher.execute("ui:views");
        assertTrue(views.contains("memwb.view.bundles\tBundles\topen (left)"), views);
        assertEquals(List.of(), launcher.loggedErrors(), "errors were logged while the window opened");
    }

    @Test
    @Order(2)
    void theBundlesViewListsEveryBundleWithItsRealStateAndTheScreenshotShowsIt() throws IOException {
        launcher.execute("ui:show memwb.view.bundles");
        String dump = await("ui:dump memwb.view.bundles",
                s -> s.lines().anyMatch(l -> l.startsWith("org.apache.felix.scr\t") && l.contains("\tACTIVE\t")));
        for (Bundle b : launcher.context().getBundles()) {
            String state = b.getHeaders().get("Fragment-Host") != null ? "RESOLVED" : "ACTIVE";
            String row = b.getSymbolicName() + "\t" + b.getBundleId() + "\t" + state + "\t" + b.getVersion();
            assertTrue(dump.lines().anyMatch(row::equals), "no row " + row + " in\n" + dump);
        }
        // The workbench's own bundle is expanded at first: it registers the view service it uses.
        assertTrue(dump.contains("    memwb.api.view.WorkbenchView\t"), dump);

        Path png = screenshots.resolve("workbench-bundles.png");
        Files.deleteIfExists(png);
        String saved = launcher.execute("ui:screenshot " + png).strip();
        assertEquals(png.toString(), saved);
        assertWindowSizedAndNotFlat(png);
    }

    @Test
    @Order(3)
    void aViewContributedAtRunTimeAppearsOpensAndClosesWithItsBundle() throws IOException {
        assertFalse(launcher.execute("ui:views").contains(PROBE_ID));
        Bundle probe;
        try (InputStream jar = Files.newInputStream(probeBundle())) {
            probe = launcher.context().installBundle("memwb-test:probeview", jar);
            probe.start();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError("cannot install the probe view bundle: " + e.getMessage(), e);
        }
        String views = await("ui:views", s -> s.contains(PROBE_ID));
        assertTrue(views.contains(PROBE_ID + "\tProbe\tclosed"), views);

        launcher.execute("ui:show " + PROBE_ID);
        assertTrue(launcher.execute("ui:views").contains(PROBE_ID + "\tProbe\topen (bottom)"));
        assertEquals(PROBE_ROW + "\tmemwb.test.probeview", launcher.execute("ui:dump " + PROBE_ID).strip());
        await("ui:dump memwb.view.bundles", s -> s.contains("memwb.test.probeview\t" + probe.getBundleId()));
        Path png = screenshots.resolve("workbench-probe-view.png");
        launcher.execute("ui:screenshot " + png);
        assertWindowSizedAndNotFlat(png);

        launcher.execute("ui:close " + PROBE_ID);
        assertTrue(launcher.execute("ui:views").contains(PROBE_ID + "\tProbe\tclosed"));
        launcher.execute("ui:show " + PROBE_ID); // closed views reopen

        try {
            probe.uninstall();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError(e);
        }
        await("ui:views", s -> !s.contains(PROBE_ID));
        String window = await("ui:window", s -> !s.contains(PROBE_ID));
        assertTrue(window.contains("status View Probe closed: its bundle went away"), window);
        await("ui:dump memwb.view.bundles", s -> !s.contains("memwb.test.probeview"));
    }

    @Test
    @Order(4)
    void commandsNameWhatIsWrong() {
        LaunchException unknown = assertThrows(LaunchException.class, () -> launcher.execute("ui:show memwb.view.nope"));
        assertTrue(unknown.getMessage().contains("No view with id memwb.view.nope; known: "), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("memwb.view.bundles"), unknown.getMessage());
        launcher.execute("ui:close memwb.view.bundles");
        LaunchException closed = assertThrows(LaunchException.class, () -> launcher.execute("ui:dump memwb.view.bundles"));
        assertTrue(closed.getMessage().contains("View memwb.view.bundles is not open"), closed.getMessage());
        launcher.execute("ui:menu Window/Reset");
        await("ui:views", s -> s.contains("memwb.view.bundles\tBundles\topen (left)"));
        LaunchException menu = assertThrows(LaunchException.class, () -> launcher.execute("ui:menu File/Print"));
        assertTrue(menu.getMessage().contains("No menu item \"print\""), menu.getMessage());
    }

    @Test
    @Order(5)
    void theWindowClosesWithItsBundleAndOpensAgainWhenTheBundleIsRestarted() throws Exception {
        Bundle ui = java.util.Arrays.stream(launcher.context().getBundles())
                .filter(b -> "memwb.ui".equals(b.getSymbolicName())).findFirst().orElseThrow();
        long t0 = System.nanoTime();
        ui.stop();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[WorkbenchUiIT] memwb.ui stopped (window disposed, UI thread joined) in " + stopMillis + " ms");
        assertTrue(stopMillis < 5_000, "stopping the window took " + stopMillis + " ms");
        LaunchException gone = assertThrows(LaunchException.class, () -> launcher.execute("ui:window"));
        assertTrue(gone.getMessage().contains("ui:window"), gone.getMessage());

        ui.start();
        String window = await("ui:window", s -> s.contains("open left memwb.view.bundles"));
        assertTrue(window.startsWith("Memory Workbench"), window);
        await("ui:dump memwb.view.bundles", s -> s.contains("memwb.ui\t" + ui.getBundleId() + "\tACTIVE\t"));
    }

    @Test
    @Order(6)
    void theAboutDialogListsEveryBundle() throws Exception {
        Path about = screenshots.resolve("workbench-about.png");
        launcher.execute("ui:menu Help/About");
        Thread.sleep(1_000); // the dialog fills its table from a background snapshot
        launcher.execute("ui:screenshot " + about + " display");
        BufferedImage image = ImageIO.read(about.toFile());
        assertTrue(colours(image) >= MIN_COLOURS, "the About screenshot is nearly one flat colour");
    }

    @Test
    @Order(7)
    void fileExitStopsTheFramework() throws Exception {
        launcher.execute("ui:menu File/Exit");
        FrameworkEvent stopped = launcher.framework().waitForStop(15_000);
        assertEquals(FrameworkEvent.STOPPED, stopped.getType(), "File > Exit did not stop the framework: " + stopped);
    }

    private static void assertWindowSizedAndNotFlat(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        Matcher m = VISIBLE.matcher(launcher.execute("ui:window"));
        assertTrue(m.find(), "ui:window gives no visible bounds");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Integer.parseInt(m.group(3)), image.getWidth(), "screenshot width");
        assertEquals(Integer.parseInt(m.group(4)), image.getHeight(), "screenshot height");
        int colours = colours(image);
        assertTrue(colours >= MIN_COLOURS, "screenshot is nearly one flat colour: " + colours + " colours");
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** Runs {@code command} until its output satisfies {@code done}; fails with the last output. */
    private static String await(String command, Predicate<String> done) {
        long deadline = System.currentTimeMillis() + POLL_TIMEOUT_MILLIS;
        String out = launcher.execute(command);
        while (!done.test(out)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("'" + command + "' did not reach the expected state within "
                        + POLL_TIMEOUT_MILLIS + " ms; last output:\n" + out);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            out = launcher.execute(command);
        }
        return out;
    }

    /** A bundle jar holding ProbeView alone, with its activator and imports. */
    private static Path probeBundle() throws IOException {
        String classFile = PROBE_CLASS.replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = WorkbenchUiIT.class.getClassLoader().getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IOException("no " + classFile + " on the test class path");
            }
            bytes = in.readAllBytes();
        }
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "memwb.test.probeview");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", PROBE_CLASS);
        a.putValue("Import-Package", "memwb.api.view;version=\"[1.0,2)\",org.eclipse.swt,org.eclipse.swt.widgets,"
                + "org.osgi.framework");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buf, mf)) {
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(bytes);
            jar.closeEntry();
        }
        Path file = storage.resolve("probeview.jar");
        Files.write(file, buf.toByteArray());
        return file;
    }
}
