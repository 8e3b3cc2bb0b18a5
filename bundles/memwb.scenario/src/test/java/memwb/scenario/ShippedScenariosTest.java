package memwb.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import memwb.api.machine.MachineService;
import memwb.machine.HandWiredMachines;

/** Every scenario shipped in scenarios/ runs on the real machine, and every expectation in it holds. */
class ShippedScenariosTest {
    static final Path SCENARIOS = Path.of("../../scenarios");
    /** Operations that need a kernel heap, which exists only once a heap implementation is installed. */
    private static final Set<String> HEAP_OPS = Set.of("malloc", "free", "realloc", "calloc");

    static List<Path> scenarioFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.filter(p -> p.toString().endsWith(".json")).filter(ShippedScenariosTest::isScenario).sorted().toList();
        }
    }

    /** Machine specs (qemu-128m.json, ...) live beside the scenarios; a scenario has steps. */
    private static boolean isScenario(Path p) {
        try {
            return Files.readString(p).contains("\"steps\"");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyScenarioTheIssueAsksForIsShipped() throws IOException {
        List<String> names = scenarioFiles().stream().map(p -> p.getFileName().toString()).toList();
        for (String wanted : List.of("seed-walkthrough.json", "higher-half.json", "kernel-readonly.json",
                "long-mode-stack.json", "stale-tlb.json", "out-of-frames.json", "page-table-cost.json", "huge-pages.json",
                "processes.json")) {
            assertTrue(names.contains(wanted), wanted + " in " + names);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedScenarioPasses() throws IOException {
        return scenarioFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Scenario s = ScenarioReader.read(file);
            assertFalse(s.steps().isEmpty(), file + " has steps");
            assertTrue(s.steps().stream().allMatch(st -> !st.why().isEmpty()), file + ": every step says why");
            MachineService machines = HandWiredMachines.service();
            boolean needsHeap = s.steps().stream().anyMatch(st -> HEAP_OPS.contains(st.op()));
            ScenarioRun run = new ScenarioRun(s, machines);
            run.reset();
            assumeTrue(!needsHeap || machines.current().orElseThrow().heap().isPresent(),
                    file + " needs a kernel heap, and no heap implementation is installed yet");
            run.runToEnd();
            String report = ScenarioReport.of(run);
            System.out.print(report);
            assertTrue(run.passed(), report);
        }));
    }
}
