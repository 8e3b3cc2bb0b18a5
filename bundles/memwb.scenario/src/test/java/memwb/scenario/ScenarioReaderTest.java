package memwb.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScenarioReaderTest {
    private static final Path FILE = Path.of("../../scenarios/t.json");
    private static final String MACHINE = "\"machine\": {\"ram\": \"128M\"}";

    private static Scenario parse(String steps) {
        return ScenarioReader.parse("{\"name\": \"t\", " + MACHINE + ", \"steps\": [" + steps + "]}", FILE);
    }

    private static String refused(String json) {
        return assertThrows(ScenarioException.class, () -> ScenarioReader.parse(json, FILE)).getMessage();
    }

    private static String refusedSteps(String steps) {
        return refused("{" + MACHINE + ", \"steps\": [" + steps + "]}");
    }

    @Test
    void stepsKeepTheirArgumentsExpectationsAndNamesInOrder() {
        Scenario s = parse("""
                {"do": "palloc", "as": "f", "expect": {"frames": {"allocated": "+1"}}, "why": "a frame"},
                {"do": "map", "va": "0x400000", "pa": "$f+0x1000", "length": 4096, "overwrite": true,
                 "expect": {"fault": {"errorCode": "0x3"}, "tlb": "hit"}}""");
        assertEquals("t", s.name());
        assertEquals("{\"ram\":\"128M\"}", s.machineJson());
        assertNull(s.machineFile());
        assertEquals(2, s.steps().size());
        Step palloc = s.steps().get(0);
        assertEquals(1, palloc.number());
        assertEquals("f", palloc.as());
        assertEquals(List.of(new Expectation("frames.allocated", "+1")), palloc.expect());
        assertEquals("a frame", palloc.why());
        Step map = s.steps().get(1);
        assertEquals("$f+0x1000", map.arg("pa"));
        assertEquals("4096", map.arg("length"));
        assertEquals("true", map.arg("overwrite"));
        assertEquals(List.of(new Expectation("fault.errorCode", "0x3"), new Expectation("tlb", "hit")), map.expect());
    }

    @Test
    void aMachineFileIsResolvedBesideTheScenario() {
        Scenario s = ScenarioReader.parse("{\"machineFile\": \"qemu-128m.json\", \"steps\": []}", FILE);
        assertEquals(Path.of("../../scenarios/qemu-128m.json").toAbsolutePath().normalize(), s.machineFile());
        assertEquals("t", s.name());
    }

    @Test
    void anUnknownTopLevelFieldIsNamed() {
        String m = refused("{" + MACHINE + ", \"stepz\": []}");
        assertTrue(m.startsWith(FILE + ": field \"stepz\": unknown; known: description, machine, machineFile, name, steps"), m);
    }

    @Test
    void anUnknownArgumentNamesTheStepAndField() {
        String m = refusedSteps("{\"do\": \"note\"}, {\"do\": \"map\", \"va\": \"0x1000\", \"pa\": 0, \"length\": 4096, \"pgSize\": \"2M\"}");
        assertTrue(m.startsWith(FILE + ": step 2 (map): field \"pgSize\": unknown; map takes va, pa, length, rights, pageSize"), m);
    }

    @Test
    void aMissingArgumentIsNamed() {
        String m = refusedSteps("{\"do\": \"translate\"}");
        assertEquals(FILE + ": step 1 (translate): field \"va\": missing; translate needs va", m);
    }

    @Test
    void anUnknownOperationIsNamed() {
        String m = refusedSteps("{\"do\": \"kmalloc\", \"size\": 8}");
        assertTrue(m.startsWith(FILE + ": step 1: field \"do\": unknown operation \"kmalloc\"; one of palloc, pfree, malloc"), m);
    }

    @Test
    void anUnknownExpectationIsNamed() {
        String m = refusedSteps("{\"do\": \"palloc\", \"expect\": {\"adress\": \"0x1000\"}}");
        assertTrue(m.startsWith(FILE + ": step 1 (palloc): field \"expect.adress\": unknown; known: address"), m);
        m = refusedSteps("{\"do\": \"translate\", \"va\": 0, \"expect\": {\"fault\": {\"code\": \"0x3\"}}}");
        assertTrue(m.startsWith(FILE + ": step 1 (translate): field \"expect.fault.code\": unknown; known: cr2, errorCode"), m);
    }

    @Test
    void aReferenceToANameNoEarlierStepKeepsIsRefused() {
        String m = refusedSteps("{\"do\": \"pfree\", \"pa\": \"$frame\"}, {\"do\": \"palloc\", \"as\": \"frame\"}");
        assertEquals(FILE + ": step 1 (pfree): field \"pa\": $frame is not kept by an earlier step (\"as\": \"frame\")", m);
    }

    @Test
    void aStepThatIsNotAnObjectOrAnArgumentThatIsNotAValueIsRefused() {
        assertTrue(refusedSteps("\"palloc\"").startsWith(FILE + ": step 1: expected an object"));
        assertTrue(refusedSteps("{\"do\": \"invlpg\", \"va\": [1]}").startsWith(
                FILE + ": step 1 (invlpg): field \"va\": expected a string, number or boolean"));
    }

    @Test
    void cr0NeedsExactlyOneOfValueAndWp() {
        assertTrue(refusedSteps("{\"do\": \"cr0\"}").contains("step 1 (cr0): give exactly one of \"value\""));
        assertTrue(refusedSteps("{\"do\": \"cr0\", \"wp\": true, \"value\": 1}").contains("give exactly one"));
    }

    @Test
    void theMachineMustBeGivenOnceAndReadable() {
        assertTrue(refused("{\"steps\": []}").contains("give exactly one of \"machine\""));
        assertTrue(refused("{" + MACHINE + ", \"machineFile\": \"x.json\", \"steps\": []}").contains("give exactly one"));
        assertTrue(refused("{\"machineFile\": \"no-such.json\", \"steps\": []}").contains("field \"machineFile\": cannot read"));
    }

    @Test
    void invalidJsonNamesTheFileAndPosition() {
        String m = refused("{\"steps\": [ {\"do\": \"palloc\",, } ]}");
        assertTrue(m.startsWith(FILE + ": not valid JSON: "), m);
        assertTrue(m.contains("line 1"), m);
    }

    @Test
    void aMissingFileIsNamed() {
        Path none = Path.of("no/such/scenario.json");
        assertTrue(assertThrows(ScenarioException.class, () -> ScenarioReader.read(none)).getMessage()
                .startsWith(none + ": cannot read"));
    }
}
