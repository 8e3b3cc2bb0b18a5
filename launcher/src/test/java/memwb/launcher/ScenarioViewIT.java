package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Scenario view in the real window (under Xvfb): it is offered under Show View, opens a shipped
 * scenario typed into its file field, and lists every step with the first one next.
 */
class ScenarioViewIT {
    private static final String VIEW = "memwb.view.scenario";
    private static final long POLL_TIMEOUT_MILLIS = 20_000;
    private static final long POLL_MILLIS = 100;
    private static final long SCREENSHOTS_TIMEOUT_SECONDS = 120;
    private static Launcher launcher;
    private static Path repo;
    private static Path screenshots;

    @BeforeAll
    static void start() throws IOException {
        String display = System.getenv("DISPLAY");
        assumeTrue(display != null && !display.isBlank(), "DISPLAY is not set: ScenarioViewIT needs an X server");
        Path dist = Dist.dir().toAbsolutePath().normalize();
        repo = dist.resolve("../../..").normalize();
        screenshots = Files.createDirectories(dist.resolve("../screenshots").normalize());
        Path storage = Files.createTempDirectory("memwb-ScenarioViewIT");
        Files.createDirectories(storage.resolve("dropins"));
        launcher = Launcher.start(LaunchConfig.of(dist, List.of("core", "ui"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins")));
        launcher.awaitReady(Duration.ofSeconds(60));
        for (String heavy : List.of("memwb.view.hex", "memwb.view.frames")) {
            try {
                launcher.execute("ui:close " + heavy); // large virtual tables, not needed here
            } catch (LaunchException notOpen) {
                // fine: not open
            }
        }
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private static String await(String command, Predicate<String> done) {
        long deadline = System.currentTimeMillis() + POLL_TIMEOUT_MILLIS;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = launcher.execute(command);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(command + " never gave what was expected; last:\n" + last);
    }

    @Test
    void screenshotsBootsTheDefaultMachineAndSavesEveryViewIncludingScenario() throws Exception {
        Path dir = Files.createTempDirectory("memwb-shots");
        Path dist = Dist.dir();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                dist.resolve("lib/memwb-launcher.jar").toString(), "--screenshots", dir.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path log = Files.createTempFile("memwb-shots", ".txt");
        Process p = pb.redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(SCREENSHOTS_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS), "--screenshots did not exit");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("booted qemu-128m"), out);
        assertTrue(Files.size(dir.resolve(VIEW + ".png")) > 0, out);
    }

    @Test
    void theViewOpensAScenarioAndListsItsSteps() {
        assertTrue(launcher.execute("ui:views").contains(VIEW + "\tScenario"), launcher.execute("ui:views"));
        launcher.execute("ui:show " + VIEW);
        Path file = repo.resolve("scenarios/stale-tlb.json");
        launcher.execute("ui:type " + VIEW + " " + CommandLine.quote(file.toString()));
        String rows = await("ui:dump " + VIEW, s -> s.contains("1\tpalloc\tnext"));
        assertEquals(14, rows.strip().lines().filter(l -> l.matches("\\d+\t.*")).count(), rows);
        assertTrue(rows.contains("7\ttranslate\t\tStale: the TLB still holds the old translation"), rows);
        launcher.execute("ui:screenshot " + CommandLine.quote(screenshots.resolve("scenario-view.png").toString()));
        assertTrue(Files.isRegularFile(screenshots.resolve("scenario-view.png")));
    }
}
