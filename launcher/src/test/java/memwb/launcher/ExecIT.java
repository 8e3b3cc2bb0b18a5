package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** `memwb --headless --exec` as a user runs it: a separate JVM on the assembled distribution. */
class ExecIT {

    record Result(int exit, String stdout, String stderr) {
    }

    static Result memwb(String... args) throws IOException, InterruptedException {
        Path dist = Dist.dir();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", dist.resolve("lib/memwb-launcher.jar").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("DISPLAY");
        Path out = java.nio.file.Files.createTempFile("memwb-out", ".txt");
        Path err = java.nio.file.Files.createTempFile("memwb-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("memwb " + String.join(" ", args) + " did not exit within 60 s");
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void execRunsCommandsPrintsTheirOutputAndExitsZero() throws Exception {
        Result r = memwb("--headless", "--timing", "--exec", "lb; scr:list");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("Memory Workbench RAM"), r.stdout());
        assertTrue(r.stdout().contains("Apache Felix Declarative Services"), r.stdout());
        assertTrue(r.stderr().contains("up in"), r.stderr());
        System.out.println("[ExecIT] " + r.stderr().trim());
    }

    @Test
    void anUnknownCommandFailsWithExitOneAndIsNamed() throws Exception {
        Result r = memwb("--headless", "--exec", "lb; nosuchcommand 42; lb");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("command 'nosuchcommand 42' failed"), r.stderr());
        assertTrue(r.stderr().toLowerCase().contains("not found"), r.stderr());
    }

    @Test
    void withoutADisplayItSaysSoAndFallsBackToTheConsole() throws Exception {
        Result r = memwb("--exec", "lb");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("no display"), r.stderr());
        assertTrue(!r.stdout().contains("SWT"), "no SWT bundle without a display: " + r.stdout());
    }

    @Test
    void unknownFeatureAndUnknownOptionAreNamed() throws Exception {
        Result f = memwb("--headless", "--features", "core,nope", "--exec", "lb");
        assertEquals(1, f.exit());
        assertTrue(f.stderr().contains("unknown feature \"nope\"") && f.stderr().contains("known features: core"), f.stderr());
        Result o = memwb("--frobnicate");
        assertEquals(2, o.exit());
        assertTrue(o.stderr().contains("unknown option '--frobnicate'"), o.stderr());
    }

    @Test
    void helpListsTheOptionsAndTheKnownFeatures() throws Exception {
        Result r = memwb("--help");
        assertEquals(0, r.exit());
        for (String option : List.of("--headless", "--exec", "--features", "--dropins", "core, extras, platform, ui")) {
            assertTrue(r.stdout().contains(option), "help lacks " + option + ":\n" + r.stdout());
        }
    }
}
