package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `memwb --headless --run FILE` as a user runs it: the report on stdout, the exit status says whether it held. */
class ScenarioRunIT {
    private static final String MACHINE = "\"machine\": {\"name\": \"it\", \"ram\": \"128M\"}";

    @TempDir
    Path tmp;

    private Path scenario(String name, String steps) throws Exception {
        return Files.writeString(tmp.resolve(name), "{\"name\": \"" + name + "\", " + MACHINE + ", \"steps\": [" + steps + "]}");
    }

    @Test
    void aScenarioWhoseExpectationsHoldPrintsItsReportAndExitsZero() throws Exception {
        Path file = scenario("holds.json", """
                {"do": "palloc", "as": "f", "expect": {"frames": {"allocated": "+1"}}, "why": "one frame"},
                {"do": "map", "va": "0x400000", "pa": "$f", "length": "0x1000", "rights": "w"},
                {"do": "translate", "va": "0x400008", "expect": {"address": "$f+0x8", "tlb": "miss"}}""");
        ExecIT.Result r = ExecIT.memwb("--run", file.toString());
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("Scenario holds.json"), r.stdout());
        assertTrue(r.stdout().contains("why: one frame"), r.stdout());
        assertTrue(r.stdout().contains("3 steps, 3 expectations: all held. PASSED"), r.stdout());
    }

    @Test
    void aScenarioWithAFailedExpectationPrintsTheReportAndExitsOne() throws Exception {
        Path file = scenario("fails.json", """
                {"do": "translate", "va": "0x1000", "expect": {"address": "0x2000"}},
                {"do": "translate", "va": "0x0", "expect": {"fault": {"errorCode": "0x0"}}}""");
        ExecIT.Result r = ExecIT.memwb("--headless", "--run", file.toString());
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("address: expected 0x2000, got 0x1000"), r.stdout());
        assertTrue(r.stdout().contains("fault.errorCode: expected 0x0, got 0x0"), r.stdout());
        assertTrue(r.stderr().contains("2 steps, 2 expectations: 1 did not hold; failed steps: [1]. FAILED"), r.stderr());
    }

    @Test
    void aMalformedScenarioNamesFileStepAndFieldAndExitsOne() throws Exception {
        Path file = scenario("bad.json", "{\"do\": \"palloc\"}, {\"do\": \"map\", \"va\": 0, \"pa\": 0, \"lenght\": 4096}");
        ExecIT.Result r = ExecIT.memwb("--run", file.toString());
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains(file.toAbsolutePath() + ": step 2 (map): field \"lenght\": unknown"), r.stderr());
    }

    @Test
    void aMissingScenarioFileIsAUsageError() throws Exception {
        ExecIT.Result r = ExecIT.memwb("--run", tmp.resolve("none.json").toString());
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("--run " + tmp.resolve("none.json") + ": no such file"), r.stderr());
    }

    @Test
    void screenshotsWithoutADisplayFailsWithTheNoDisplayMessage() throws Exception {
        ExecIT.Result r = ExecIT.memwb("--screenshots", tmp.resolve("shots").toString());
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("memwb: no display (DISPLAY is not set): --screenshots needs the workbench window."),
                r.stderr());
        assertTrue(!Files.exists(tmp.resolve("shots")), "nothing written");
    }

    @Test
    void everyShippedScenarioPassesInTheDistribution() throws Exception {
        Path dir = Path.of("../scenarios").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).filter(ScenarioRunIT::hasSteps).sorted().toList();
        }
        assertTrue(files.size() >= 8, files.toString());
        String commands = files.stream().map(CommandLine::runScenario).collect(Collectors.joining("; "));
        ExecIT.Result r = ExecIT.memwb("--headless", "--exec", commands);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        for (Path f : files) {
            assertTrue(r.stdout().contains("(" + f + ")"), f + " ran: " + r.stdout());
        }
        assertEquals(files.size(), r.stdout().split("all held. PASSED", -1).length - 1, r.stdout());
    }

    private static boolean hasSteps(Path p) {
        try {
            return Files.readString(p).contains("\"steps\"");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
