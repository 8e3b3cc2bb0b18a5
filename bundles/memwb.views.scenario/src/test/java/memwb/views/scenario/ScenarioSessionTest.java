package memwb.views.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.view.Location;
import memwb.machine.HandWiredMachines;
import memwb.scenario.ScenarioException;
import memwb.scenario.StepResult;

class ScenarioSessionTest {
    private static final Path STALE_TLB = Path.of("../../scenarios/stale-tlb.json");
    private final ScenarioSession session = new ScenarioSession(HandWiredMachines.service());

    @TempDir
    Path tmp;

    @Test
    void beforeOpeningThereAreNoRowsAndNothingRuns() {
        assertFalse(session.isOpen());
        assertEquals(List.of(), session.rows());
        assertNull(session.step());
        assertNull(session.runToEnd());
        assertTrue(session.title().startsWith("No scenario"));
    }

    @Test
    void stepsRunOneAtATimeAndRowsFollow() {
        session.open(STALE_TLB);
        List<ScenarioSession.Row> rows = session.rows();
        assertEquals(14, rows.size());
        assertEquals(new ScenarioSession.Row(1, "palloc", "next", "The first frame the page will point at."), rows.get(0));
        assertEquals("", rows.get(1).status());
        StepResult first = session.step();
        assertTrue(first.passed());
        assertEquals("passed", session.rows().get(0).status());
        assertEquals(first.did(), session.rows().get(0).did());
        assertEquals("next", session.rows().get(1).status());
        assertTrue(session.details(1).contains("frames.allocated: expected +1"), session.details(1));
        assertTrue(session.details(2).startsWith("not run yet\nwhy: The frame the page will be moved to."));
        assertEquals("stale-tlb: 1 of 14 steps run", session.title());
    }

    @Test
    void runToEndThenResetStartsOver() {
        session.open(STALE_TLB);
        StepResult last = session.runToEnd();
        assertEquals(14, last.step().number());
        assertEquals("stale-tlb: 14 of 14 steps run, all held", session.title());
        assertNull(session.step());
        session.reset();
        assertEquals("stale-tlb: 0 of 14 steps run", session.title());
        assertEquals("next", session.rows().get(0).status());
    }

    @Test
    void aFailedStepIsMarkedAndCounted() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.json"), """
                {"machineFile": "%s", "steps": [
                  {"do": "translate", "va": "0x1000", "expect": {"address": "0x5000"}}]}"""
                .formatted(STALE_TLB.toAbsolutePath().getParent().resolve("qemu-128m.json")));
        session.open(file);
        session.step();
        assertEquals("failed", session.rows().get(0).status());
        assertEquals("f: 1 of 1 steps run, 1 failed", session.title());
    }

    @Test
    void aMalformedFileKeepsTheOpenScenario() throws Exception {
        session.open(STALE_TLB);
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"machine\": {}, \"steps\": [{\"do\": \"nap\"}]}");
        ScenarioException e = assertThrows(ScenarioException.class, () -> session.open(bad));
        assertTrue(e.getMessage().contains("step 1: field \"do\": unknown operation \"nap\""), e.getMessage());
        assertEquals(14, session.rows().size());
    }

    @Test
    void virtualAddressesGoToTheTranslationViewPhysicalOnesToHex() {
        assertEquals("memwb.view.translation", ScenarioSession.viewFor(Location.virtual(0x400000, 1, "x")));
        assertEquals("memwb.view.hex", ScenarioSession.viewFor(Location.physical(0x9000, 4096, "x")));
    }
}
