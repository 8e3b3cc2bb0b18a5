package memwb.views.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import memwb.api.machine.MachineService;
import memwb.api.view.Location;
import memwb.scenario.Scenario;
import memwb.scenario.ScenarioReader;
import memwb.scenario.ScenarioReport;
import memwb.scenario.ScenarioRun;
import memwb.scenario.Step;
import memwb.scenario.StepResult;

/**
 * What the Scenario view shows, without SWT: the open scenario, a row per step with its status, and
 * the run behind them. Called from the view's background executor; every method is synchronized so
 * the UI thread may read rows while a step runs.
 */
final class ScenarioSession {
    /** Where a step's address is shown: the Translation view for linear addresses, Hex for physical. */
    static final String VIRTUAL_VIEW = "memwb.view.translation";
    static final String PHYSICAL_VIEW = "memwb.view.hex";

    /** One line of the steps table. */
    record Row(int number, String op, String status, String did) {
    }

    private final MachineService machines;
    private ScenarioRun run;

    ScenarioSession(MachineService machines) {
        this.machines = machines;
    }

    /**
     * Reads {@code file} and boots its machine; the previous scenario stays open if either fails.
     *
     * @throws memwb.scenario.ScenarioException naming the file, step and field, or why the machine did not boot
     */
    synchronized void open(Path file) {
        Scenario s = ScenarioReader.read(file);
        ScenarioRun next = new ScenarioRun(s, machines);
        next.reset();
        run = next;
    }

    synchronized boolean isOpen() {
        return run != null;
    }

    /** The open scenario's title line, or a hint when none is open. */
    synchronized String title() {
        if (run == null) {
            return "No scenario: Open... a file from scenarios/";
        }
        Scenario s = run.scenario();
        List<StepResult> done = run.results();
        long failed = done.stream().filter(r -> !r.passed()).count();
        return s.name() + ": " + done.size() + " of " + s.steps().size() + " steps run"
                + (failed == 0 ? "" : ", " + failed + " failed") + (run.passed() ? ", all held" : "");
    }

    /** The description of the open scenario, or empty. */
    synchronized String description() {
        return run == null ? "" : run.scenario().description();
    }

    /** A row per step: "passed", "failed", "next" (the one Step runs) or "" (later). */
    synchronized List<Row> rows() {
        if (run == null) {
            return List.of();
        }
        List<StepResult> done = run.results();
        List<Row> rows = new ArrayList<>();
        for (Step s : run.scenario().steps()) {
            int i = s.number() - 1;
            if (i < done.size()) {
                StepResult r = done.get(i);
                rows.add(new Row(s.number(), s.op(), r.passed() ? "passed" : "failed", r.did()));
            } else {
                rows.add(new Row(s.number(), s.op(), i == done.size() ? "next" : "", s.why()));
            }
        }
        return rows;
    }

    /** The report lines of step {@code number} (1-based) if it has run, else its why. */
    synchronized String details(int number) {
        if (run == null || number < 1 || number > run.scenario().steps().size()) {
            return "";
        }
        List<StepResult> done = run.results();
        return number <= done.size() ? ScenarioReport.step(done.get(number - 1))
                : "not run yet\nwhy: " + run.scenario().steps().get(number - 1).why();
    }

    /** Runs the next step; its result, or null when none is open or every step has run. */
    synchronized StepResult step() {
        return run == null || run.finished() ? null : run.step();
    }

    /** Runs every step left; the last result, or null if nothing ran. */
    synchronized StepResult runToEnd() {
        StepResult last = null;
        while (run != null && !run.finished()) {
            last = run.step();
        }
        return last;
    }

    /** Boots the scenario's machine again and forgets every result. */
    synchronized void reset() {
        if (run != null) {
            run.reset();
        }
    }

    /** The view to point at {@code location}. */
    static String viewFor(Location location) {
        return location.space() == Location.Space.VIRTUAL ? VIRTUAL_VIEW : PHYSICAL_VIEW;
    }
}
