package memwb.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.machine.MachineService;
import memwb.api.view.Location;
import memwb.machine.HandWiredMachines;

class ScenarioRunTest {
    private final MachineService machines = HandWiredMachines.service();

    private ScenarioRun run(String steps) {
        Scenario s = ScenarioReader.parse("{\"name\": \"t\", \"machineFile\": \"qemu-128m.json\", \"steps\": [" + steps + "]}",
                Path.of("../../scenarios/t.json"));
        ScenarioRun run = new ScenarioRun(s, machines);
        run.reset();
        return run;
    }

    @Test
    void aWrongExpectationFailsTheStepShowingExpectedAndActual() {
        ScenarioRun run = run("{\"do\": \"translate\", \"va\": \"0x1000\", \"expect\": {\"address\": \"0x2000\", \"fault\": false}}");
        StepResult r = run.step();
        assertFalse(r.passed());
        assertEquals(List.of(new Check("address", "0x2000", "0x1000", false), new Check("fault", "false", "false", true)),
                r.checks());
        assertFalse(run.passed());
        String report = ScenarioReport.of(run);
        assertTrue(report.contains("\u2717 address: expected 0x2000, got 0x1000"), report);
        assertTrue(report.contains("\u2713 fault: expected false, got false"), report);
        assertTrue(report.endsWith("1 steps, 2 expectations: 1 did not hold; failed steps: [1]. FAILED\n"), report);
    }

    @Test
    void keptResultsAndOffsetsFeedLaterSteps() {
        ScenarioRun run = run("""
                {"do": "palloc", "as": "f"},
                {"do": "map", "va": "0x400000", "pa": "$f", "length": "0x1000", "rights": "w"},
                {"do": "translate", "va": "0x400010", "expect": {"address": "$f+0x10"}},
                {"do": "write", "va": "0x400010", "value": "0xabcd", "width": 2},
                {"do": "read", "va": "0x400010", "width": 2, "expect": {"value": "0xabcd"}}""");
        List<StepResult> results = run.runToEnd();
        assertTrue(run.passed(), ScenarioReport.of(run));
        long frame = machines.current().orElseThrow().kernelSpace().orElseThrow().lookup(0x400000).orElseThrow().pa();
        assertEquals(Location.physical(frame, 4096, "allocated frame"), results.get(0).location());
        assertEquals(Location.virtual(0x400010, 1, "translated"), results.get(2).location());
    }

    @Test
    void anUnwantedErrorFailsTheStepAndTheRunGoesOn() {
        ScenarioRun run = run("""
                {"do": "pfree", "pa": "0x0"},
                {"do": "translate", "va": "0x1000", "expect": {"address": "0x1000"}}""");
        StepResult first = run.step();
        assertFalse(first.passed());
        assertNotNull(first.error());
        assertTrue(first.error().contains("0x"), first.error());
        assertTrue(run.step().passed());
        String report = ScenarioReport.of(run);
        assertTrue(report.contains("error: " + first.error()), report);
    }

    @Test
    void aWantedErrorPassesAndItsTextIsChecked() {
        ScenarioRun run = run("""
                {"do": "map", "va": "0x401000", "pa": "0x200000", "length": "2M", "pageSize": "2M", "expect": {"error": "0x401000"}},
                {"do": "map", "va": "0x401000", "pa": "0x200000", "length": "2M", "pageSize": "2M", "expect": {"error": "no such words"}},
                {"do": "translate", "va": "0x1000", "expect": {"error": "anything"}}""");
        assertTrue(run.step().passed());
        StepResult wrongText = run.step();
        assertFalse(wrongText.passed());
        assertEquals("no such words", wrongText.checks().get(0).expected());
        StepResult noError = run.step();
        assertEquals(new Check("error", "anything", "no error", false), noError.checks().get(0));
    }

    @Test
    void anExpectedErrorMayNameAKeptAddress() {
        ScenarioRun run = run("""
                {"do": "palloc", "as": "f"},
                {"do": "pfree", "pa": "$f"},
                {"do": "pfree", "pa": "$f", "expect": {"error": "$f", "frames": {"free": "+0"}}}""");
        run.runToEnd();
        assertTrue(run.passed(), ScenarioReport.of(run));
        Check named = run.results().get(2).checks().get(0);
        assertTrue(named.expected().startsWith("$f = 0x"), named.expected());
        assertTrue(named.actual().contains(named.expected().substring(5)), named.actual());
    }

    @Test
    void countsAreAbsoluteChangesOrAtLeast() {
        ScenarioRun run = run("""
                {"do": "palloc", "count": 4, "expect": {"frames": {"allocated": "+4", "free": "-4"}}},
                {"do": "palloc", "expect": {"frames": {"allocated": ">=+1"}}},
                {"do": "palloc", "expect": {"frames": {"allocated": "+2"}}},
                {"do": "note", "expect": {"frames": {"free": ">=1000"}, "tables": "+0"}}""");
        run.runToEnd();
        List<StepResult> r = run.results();
        assertTrue(r.get(0).passed());
        assertTrue(r.get(1).passed());
        assertFalse(r.get(2).passed());
        assertTrue(r.get(2).checks().get(0).actual().startsWith("+1 ("), r.get(2).checks().get(0).actual());
        assertTrue(r.get(3).passed(), ScenarioReport.of(run));
    }

    @Test
    void heapOperationsCarveBlocksAndRefuseMisuse() {
        ScenarioRun run = run("""
                {"do": "use", "what": "heap", "name": "tlsf"},
                {"do": "calloc", "count": 4, "size": 8, "as": "z", "expect": {"inHeap": true}},
                {"do": "read", "va": "$z+0x18", "expect": {"value": "0"}},
                {"do": "write", "va": "$z", "value": "0x1234"},
                {"do": "realloc", "va": "$z", "size": 4096, "as": "r", "expect": {"inHeap": true, "null": false}},
                {"do": "read", "va": "$r", "expect": {"value": "0x1234"}},
                {"do": "malloc", "size": "256M", "expect": {"null": true, "frames": {"allocated": "+0"}}},
                {"do": "free", "va": "$r"},
                {"do": "realloc", "va": "$r", "size": 64, "expect": {"error": "$r"}},
                {"do": "use", "what": "heap", "name": "nosuchheap", "expect": {"error": "nosuchheap"}}""");
        run.runToEnd();
        assertTrue(run.passed(), ScenarioReport.of(run));
    }

    @Test
    void pagingOperationsChangeTablesRegistersAndTheTlb() {
        ScenarioRun run = run("""
                {"do": "map", "va": "0x400000", "pa": "0x300000", "length": "0x2000", "rights": "w"},
                {"do": "protect", "va": "0x400000", "length": "0x1000", "rights": "-"},
                {"do": "translate", "va": "0x400000", "access": "write", "expect": {"fault": {"errorCode": "0x3"}}},
                {"do": "translate", "va": "0x401000", "access": "write", "expect": {"fault": false, "address": "0x301000"}},
                {"do": "cr0", "value": "0x80000011"},
                {"do": "translate", "va": "0x400000", "access": "write", "expect": {"fault": false}},
                {"do": "unmap", "va": "0x400000", "length": "0x2000", "expect": {"tables": "-1"}},
                {"do": "translate", "va": "0x400000", "expect": {"fault": {"errorCode": "0x0"}}},
                {"do": "translate", "va": "0x800000000000", "expect": {"gp": true, "fault": false}},
                {"do": "invlpg", "va": "0x1000"},
                {"do": "translate", "va": "0x1000", "expect": {"tlb": "miss"}},
                {"do": "translate", "va": "0x1000", "expect": {"tlb": "hit"}},
                {"do": "use", "what": "paging", "name": "5-level"},
                {"do": "translate", "va": "0xffffffff80000000", "expect": {"address": "0x1000000"}},
                {"do": "use", "what": "pfa", "name": "bytemap"}""");
        run.runToEnd();
        assertTrue(run.passed(), ScenarioReport.of(run));
        assertEquals("5-level", machines.current().orElseThrow().pagingMode());
    }

    @Test
    void bootAndExportWorkOnTheCurrentMachine(@org.junit.jupiter.api.io.TempDir Path tmp) {
        ScenarioRun run = run("""
                {"do": "boot", "machine": {"name": "small", "ram": "64M"}},
                {"do": "export", "dir": "%s"},
                {"do": "boot", "machineFile": "qemu-128m.json"}""".formatted(tmp.resolve("img")));
        run.runToEnd();
        assertTrue(run.passed(), ScenarioReport.of(run));
        assertTrue(java.nio.file.Files.isRegularFile(tmp.resolve("img/ram.bin")));
        assertEquals("qemu-128m", machines.current().orElseThrow().name());
    }

    @Test
    void aBadArgumentValueIsThatStepFailingNamingTheField() {
        ScenarioRun run = run("{\"do\": \"translate\", \"va\": \"lots\", \"access\": \"write\"}");
        StepResult r = run.step();
        assertFalse(r.passed());
        assertTrue(r.error().startsWith("va: \"lots\" is not a number"), r.error());
    }

    @Test
    void resetBootsAfreshAndForgetsResults() {
        ScenarioRun run = run("{\"do\": \"palloc\", \"as\": \"f\"}, {\"do\": \"palloc\", \"expect\": {\"address\": \"$f+0x1000\"}}");
        run.runToEnd();
        long allocated = machines.current().orElseThrow().frames().stats().allocated();
        run.reset();
        assertTrue(run.results().isEmpty());
        assertFalse(run.finished());
        assertEquals(allocated - 2, machines.current().orElseThrow().frames().stats().allocated());
        assertThrows(IllegalStateException.class, () -> {
            run.runToEnd();
            run.step();
        });
    }

    @Test
    void aMachineThatDoesNotBootNamesTheScenario() {
        Scenario s = ScenarioReader.parse("{\"machine\": {\"ram\": \"1M\"}, \"steps\": []}", Path.of("small.json"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioRun(s, machines).reset());
        assertTrue(e.getMessage().startsWith("small.json: the machine does not boot: "), e.getMessage());
    }
}
