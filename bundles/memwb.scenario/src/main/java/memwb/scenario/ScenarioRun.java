package memwb.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.scenario.internal.Checks;
import memwb.scenario.internal.Operations;
import memwb.scenario.internal.Outcome;

/**
 * One run of a scenario on a machine service: {@link #reset} boots the scenario's machine, each
 * {@link #step} runs the next step and checks its expectations. A step's error (a refused map, a
 * double free) is that step failing, or passing if it expected that error; the run goes on either way.
 * One thread uses a run at a time.
 */
public final class ScenarioRun {
    private final Scenario scenario;
    private final MachineService machines;
    private final Map<String, Long> kept = new HashMap<>();
    private final List<StepResult> results = new ArrayList<>();
    private boolean booted;

    public ScenarioRun(Scenario scenario, MachineService machines) {
        this.scenario = scenario;
        this.machines = machines;
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * Boots the scenario's machine afresh and forgets every result.
     *
     * @throws ScenarioException naming the scenario's file if the machine does not boot
     */
    public void reset() {
        results.clear();
        kept.clear();
        booted = false;
        try {
            if (scenario.machineFile() != null) {
                machines.boot(scenario.machineFile());
            } else {
                machines.bootSpec(scenario.machineJson(), scenario.file() + ": machine");
            }
        } catch (RuntimeException e) {
            throw new ScenarioException(scenario.file() + ": the machine does not boot: " + e.getMessage(), e);
        }
        booted = true;
    }

    /** True when every step has run. */
    public boolean finished() {
        return results.size() == scenario.steps().size();
    }

    /** The results so far, one per step run. */
    public List<StepResult> results() {
        return List.copyOf(results);
    }

    /** True if every step has run and passed. */
    public boolean passed() {
        return finished() && results.stream().allMatch(StepResult::passed);
    }

    /**
     * Runs the next step (booting first if nothing has run) and returns its result.
     *
     * @throws IllegalStateException if the run is {@link #finished}
     */
    public StepResult step() {
        if (finished()) {
            throw new IllegalStateException(scenario.file() + ": every step has run (" + results.size() + ")");
        }
        if (!booted) {
            reset();
        }
        Step step = scenario.steps().get(results.size());
        Checks.Counts before = Checks.Counts.of(machine());
        Outcome outcome = null;
        RuntimeException error = null;
        try {
            outcome = new Operations(machines, kept).run(step);
        } catch (RuntimeException e) {
            error = e;
        }
        Machine m = machine();
        Checks.Counts after = Checks.Counts.of(m);
        List<Check> checks = new ArrayList<>();
        for (Expectation e : step.expect()) {
            checks.add(Checks.check(e, outcome, error, m, before, after, kept));
        }
        if (step.as() != null) {
            if (outcome != null && outcome.address() != null) {
                kept.put(step.as(), outcome.address());
            } else {
                checks.add(new Check("as " + step.as(), "an address to keep", "none", false));
            }
        }
        boolean errorWanted = step.expect().stream().anyMatch(e -> e.key().equals("error"));
        boolean ok = (error == null || errorWanted) && checks.stream().allMatch(Check::ok);
        String did = outcome != null ? outcome.did() : step.op() + " refused";
        StepResult r = new StepResult(step, ok ? StepResult.Status.PASSED : StepResult.Status.FAILED, did, checks,
                error == null ? null : (error.getMessage() != null ? error.getMessage() : error.toString()),
                outcome == null ? null : outcome.location());
        results.add(r);
        return r;
    }

    /** Runs every step left; returns every result. */
    public List<StepResult> runToEnd() {
        while (!finished()) {
            step();
        }
        return results();
    }

    private Machine machine() {
        return machines.current().orElse(null);
    }
}
