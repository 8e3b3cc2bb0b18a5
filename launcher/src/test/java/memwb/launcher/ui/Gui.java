package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

import memwb.launcher.LaunchConfig;
import memwb.launcher.LaunchException;
import memwb.launcher.Launcher;

/**
 * What every GUI IT shares: the distribution booted with the ui feature and a real window (skipped
 * without X), console commands polled until they show a state, screenshots checked for real content,
 * and test bundles packed from one test class. An IT declares one as a static {@code @RegisterExtension}
 * field: it boots before the class's tests and closes after them. One per IT class: SWT allows one
 * Display per JVM, and the POM runs every IT class in its own fork.
 */
final class Gui implements BeforeAllCallback, AfterAllCallback {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final long POLL_TIMEOUT_MILLIS = 15_000;
    private static final long POLL_MILLIS = 50;
    /** Milliseconds for a poll or two, so the canvases draw their latest snapshot before a screenshot. */
    private static final long SETTLE_MILLIS = 300;
    /** A real rendering has far more colours than this (text anti-aliasing, borders, selection). */
    static final int MIN_COLOURS = 16;
    private static final Pattern VISIBLE = Pattern.compile("visible (-?\\d+),(-?\\d+) (\\d+)x(\\d+)");
    /** By name: the test JVM never loads it (it needs SWT, which only the framework has). */
    private static final String DRIVER_CLASS = "memwb.launcher.ui.PagingViewsIT$Driver";
    private static final String DRIVER_FILTER = "(memwb.test=view-driver)";

    private final String who;
    private final List<String> features;
    private final boolean driver;
    private final String machine;
    /** Set when the class's tests start (beforeAll). */
    Launcher launcher;
    Path storage;
    Path screenshots;
    Path repo;

    private Gui(String who, List<String> features, boolean driver, String machine) {
        this.who = who;
        this.features = features;
        this.driver = driver;
        this.machine = machine;
    }

    /** A window on {@code features}, no machine booted. Register as a static @RegisterExtension field. */
    static Gui window(String who, String... features) {
        return new Gui(who, List.of(features), false, null);
    }

    /** core+ui with the view driver installed, Hex and Frames closed, and scenarios/qemu-128m.json booted. */
    static Gui withDriver(String who) {
        return new Gui(who, List.of("core", "ui"), true, "qemu-128m.json");
    }

    /** The same window with scenarios/{@code spec} booted once it is up. */
    Gui booting(String spec) {
        return new Gui(who, features, driver, spec);
    }

    @Override
    public void beforeAll(ExtensionContext unused) throws IOException {
        String display = System.getenv("DISPLAY");
        boolean hasDisplay = display != null && !display.isBlank();
        if (!hasDisplay) {
            System.out.println("[" + who + "] skipped: DISPLAY is not set (run under Xvfb)"); // surefire hides a class-level assumption's text
        }
        assumeTrue(hasDisplay, "DISPLAY is not set: " + who + " needs an X server (e.g. `Xvfb :99 &`, DISPLAY=:99)");
        String distProperty = System.getProperty("memwb.dist");
        assumeTrue(distProperty != null, "system property memwb.dist is not set: run with `mvn verify`");
        Path dist = Path.of(distProperty).toAbsolutePath().normalize();
        screenshots = dist.resolve("../screenshots").normalize();
        Files.createDirectories(screenshots);
        storage = Files.createTempDirectory("memwb-" + who);
        Files.createDirectories(storage.resolve("dropins"));
        repo = dist.resolve("../../..").normalize();
        launcher = Launcher.start(LaunchConfig.of(dist, features, LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins")));
        launcher.awaitReady(READY);
        System.out.println("[" + who + "] " + features + " ready in " + launcher.readyMillis() + " ms");
        if (driver) {
            installDriver();
            // The driven tests look at other views: closing Hex and Frames keeps their refreshes (reads of
            // RAM on every machine change) out of the timings those tests wait on.
            for (String id : List.of("memwb.view.hex", "memwb.view.frames")) {
                try {
                    launcher.execute("ui:close " + id);
                } catch (LaunchException notOpen) {
                    // fine: not open by default
                }
            }
        }
        if (machine != null) {
            bootMachine(machine);
        }
    }

    @Override
    public void afterAll(ExtensionContext unused) {
        if (launcher != null) {
            launcher.close();
        }
    }

    /** Boots scenarios/{@code spec} of the repository. */
    void bootMachine(String spec) {
        launcher.execute("boot " + repo.resolve("scenarios").resolve(spec));
    }

    /** Installs and starts the view driver ({@link PagingViewsIT.Driver}); {@link #withDriver} does it for you. */
    void installDriver() throws IOException {
        installBundle("memwb.test.viewdriver", DRIVER_CLASS,
                "org.eclipse.swt,org.eclipse.swt.graphics,org.eclipse.swt.widgets,org.osgi.framework").start0();
    }

    /**
     * Runs a driver command ("type NAME TEXT", "expand NAME ROW", "select NAME INDEX", "text NAME",
     * "bottom NAME", "window NAME").
     */
    @SuppressWarnings("unchecked")
    String drive(String command) {
        try {
            ServiceReference<?> ref = launcher.context().getServiceReferences(Function.class.getName(), DRIVER_FILTER)[0];
            Function<String, String> driver = (Function<String, String>) launcher.context().getService(ref);
            try {
                return driver.apply(command);
            } finally {
                launcher.context().ungetService(ref);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a driver command until its result satisfies {@code done}. */
    String awaitDrive(String command, Predicate<String> done) {
        return poll(command, () -> drive(command), done);
    }

    /** Runs a console command until its output satisfies {@code done}; fails with the last output. */
    String await(String command, Predicate<String> done) {
        return poll(command, () -> launcher.execute(command), done);
    }

    private static String poll(String what, Supplier<String> run, Predicate<String> done) {
        long deadline = System.currentTimeMillis() + POLL_TIMEOUT_MILLIS;
        String out = run.get();
        while (!done.test(out)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("'" + what + "' did not reach the expected state within "
                        + POLL_TIMEOUT_MILLIS + " ms; last output:\n" + out);
            }
            sleep(POLL_MILLIS);
            out = run.get();
        }
        return out;
    }

    /** The failure message of a console command that must fail. */
    String failure(String command) {
        try {
            launcher.execute(command);
        } catch (LaunchException e) {
            return e.getMessage();
        }
        throw new AssertionError(command + " should have failed");
    }

    /** Saves the window to target/screenshots/{@code name} after the views settle, and checks it is a real rendering. */
    Path screenshot(String name) throws IOException {
        sleep(SETTLE_MILLIS);
        Path png = screenshots.resolve(name);
        Files.deleteIfExists(png);
        launcher.execute("ui:screenshot " + png);
        int colours = colours(ImageIO.read(png.toFile()));
        assertTrue(colours >= MIN_COLOURS, name + " is nearly one flat colour: " + colours + " colours");
        return png;
    }

    /** Checks {@code png} has the window's visible size (from ui:window) and is not one flat colour. */
    void assertWindowSizedAndNotFlat(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        Matcher m = VISIBLE.matcher(launcher.execute("ui:window"));
        assertTrue(m.find(), "ui:window gives no visible bounds");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Integer.parseInt(m.group(3)), image.getWidth(), "screenshot width");
        assertEquals(Integer.parseInt(m.group(4)), image.getHeight(), "screenshot height");
        int colours = colours(image);
        assertTrue(colours >= MIN_COLOURS, "screenshot is nearly one flat colour: " + colours + " colours");
    }

    /** Distinct colours on every other pixel of every other row. */
    static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** Cell {@code column} of row {@code row} of a ui:dump, or "" past its end. */
    static String cell(String dump, int row, int column) {
        String[] cells = dump.lines().skip(row).findFirst().orElse("").split("\t");
        return column < cells.length ? cells[column] : "";
    }

    /**
     * Installs (not starts) a bundle {@code symbolicName} holding the one test class {@code className}
     * as its activator, importing {@code imports}; the jar is also left in the storage directory.
     */
    Installed installBundle(String symbolicName, String className, String imports) throws IOException {
        String classFile = className.replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = Gui.class.getClassLoader().getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IOException("no " + classFile + " on the test class path");
            }
            bytes = in.readAllBytes();
        }
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", className);
        a.putValue("Import-Package", imports);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buf, mf)) {
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(bytes);
            jar.closeEntry();
        }
        Files.write(storage.resolve(symbolicName + ".jar"), buf.toByteArray());
        try {
            return new Installed(launcher.context().installBundle("memwb-test:" + symbolicName,
                    new ByteArrayInputStream(buf.toByteArray())));
        } catch (BundleException e) {
            throw new AssertionError("cannot install " + symbolicName + ": " + e.getMessage(), e);
        }
    }

    /** An installed test bundle; start0 turns BundleException into a test failure. */
    record Installed(Bundle bundle) {
        Bundle start0() {
            try {
                bundle.start();
            } catch (BundleException e) {
                throw new AssertionError("cannot start " + bundle.getSymbolicName() + ": " + e.getMessage(), e);
            }
            return bundle;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
