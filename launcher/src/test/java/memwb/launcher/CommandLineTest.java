package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        assertEquals(List.of("lb", "echo \"a;b\"", "each [1 2] { echo $it; echo x }"),
                CommandLine.split(" lb ;echo \"a;b\"; each [1 2] { echo $it; echo x } ;; "));
    }

    @Test
    void newlinesSeparateCommandsToo() {
        assertEquals(List.of("boot x.json", "info map"), CommandLine.split("boot x.json\ninfo map\n"));
    }

    @Test
    void runBecomesOneScenarioCommandWithTheAbsolutePathQuoted() {
        Path file = Path.of("scenarios/stale-tlb.json");
        String cmd = CommandLine.runScenario(file);
        assertEquals("scenario '" + file.toAbsolutePath().normalize() + "'", cmd);
        assertEquals(List.of(cmd), CommandLine.split(cmd));
    }

    @Test
    void screenshotsBootsThenShootsAsTwoCommands() {
        String cmd = CommandLine.screenshots(Path.of("/m/qemu-128m.json"), Path.of("/tmp/shots dir"));
        assertEquals(List.of("boot '/m/qemu-128m.json'", "ui:screenshots '/tmp/shots dir'"), CommandLine.split(cmd));
    }

    @Test
    void quotingKeepsSemicolonsSpacesDollarsAndQuotesLiteral() {
        assertEquals("'/a b;c/$x'", CommandLine.quote("/a b;c/$x"));
        assertEquals("\"/it's \\$HOME \\\"q\\\" \\\\\"", CommandLine.quote("/it's $HOME \"q\" \\"));
        assertEquals(1, CommandLine.split("scenario " + CommandLine.quote("/it's; here")).size());
    }

    @Test
    void runAndScreenshotsOptionsAreParsed() throws IOException {
        Path file = Files.writeString(tmp.resolve("s.json"), "{}");
        Main.Options run = Main.Options.parse(new String[] {"--run", file.toString()});
        assertEquals(file, run.run);
        assertNull(run.exec);
        Main.Options shots = Main.Options.parse(new String[] {"--screenshots", "out", "--boot", "m.json"});
        assertEquals(Path.of("out"), shots.screenshots);
        assertEquals(Path.of("m.json"), shots.boot);
    }

    @Test
    void conflictingOrIncompleteOptionsAreNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("s.json"), "{}");
        assertEquals("--exec, --run and --screenshots exclude each other: give one", refused("--run", file.toString(),
                "--exec", "lb"));
        assertEquals("--boot goes with --screenshots (use the console's boot command otherwise)", refused("--boot", "m.json"));
        assertEquals("--screenshots needs the workbench window: drop --headless", refused("--headless", "--screenshots", "d"));
        assertEquals("--run needs a value", refused("--run"));
        assertEquals("--run " + tmp.resolve("none.json") + ": no such file", refused("--run", tmp.resolve("none.json").toString()));
    }

    @Test
    void theDefaultMachineIsTheDistributionsOrTheCheckoutsQemu128m() throws IOException {
        Path checkout = tmp.resolve("repo");
        Path dist = Files.createDirectories(checkout.resolve("launcher/target/memwb"));
        assertNull(Main.defaultMachine(dist));
        Path inCheckout = checkout.resolve(Main.DEFAULT_MACHINE);
        Files.createDirectories(inCheckout.getParent());
        Files.writeString(inCheckout, "{\"ram\": \"128M\"}");
        assertEquals(inCheckout, Main.defaultMachine(dist));
        Path inDist = dist.resolve(Main.DEFAULT_MACHINE);
        Files.createDirectories(inDist.getParent());
        Files.writeString(inDist, "{\"ram\": \"128M\"}");
        assertEquals(inDist, Main.defaultMachine(dist));
    }

    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(args)).getMessage();
    }
}
