package memwb.scenario;

import java.util.List;

/** The readable report of a run: each step with what it did, its checks and why, then a summary. */
public final class ScenarioReport {
    private static final String HELD = "\u2713";
    private static final String BROKEN = "\u2717";

    private ScenarioReport() {
    }

    /** The report's header: the scenario's name, description and file. */
    public static String header(Scenario s) {
        return "Scenario " + s.name() + (s.description().isEmpty() ? "" : ": " + s.description()) + "\n  (" + s.file()
                + ")\n";
    }

    /** One step's lines: number, operation and status, what it did, each check, the error, why. */
    public static String step(StepResult r) {
        StringBuilder sb = new StringBuilder();
        Step s = r.step();
        sb.append(String.format("%3d. %-9s %s %s%n", s.number(), s.op(), r.passed() ? HELD : BROKEN, r.did()));
        if (r.error() != null) {
            boolean wanted = s.expect().stream().anyMatch(e -> e.key().equals("error"));
            sb.append("       ").append(wanted ? "refused: " : "error: ").append(r.error()).append('\n');
        }
        for (Check c : r.checks()) {
            sb.append("       ").append(c.ok() ? HELD : BROKEN).append(' ').append(c.key()).append(": expected ")
                    .append(c.expected()).append(", got ").append(c.actual()).append('\n');
        }
        if (!s.why().isEmpty()) {
            sb.append("       why: ").append(s.why()).append('\n');
        }
        return sb.toString();
    }

    /** {@code 12 steps, 20 expectations: all held} or the count that failed and the failing step numbers. */
    public static String summary(List<StepResult> results, int totalSteps) {
        long checks = results.stream().mapToLong(r -> r.checks().size()).sum();
        long broken = results.stream().flatMap(r -> r.checks().stream()).filter(c -> !c.ok()).count();
        List<Integer> failed = results.stream().filter(r -> !r.passed()).map(r -> r.step().number()).toList();
        String ran = results.size() == totalSteps ? totalSteps + " steps" : results.size() + " of " + totalSteps + " steps";
        if (failed.isEmpty() && results.size() == totalSteps) {
            return ran + ", " + checks + " expectations: all held. PASSED\n";
        }
        return ran + ", " + checks + " expectations: " + broken + " did not hold; failed steps: " + failed + ". FAILED\n";
    }

    /** The whole report of a finished run. */
    public static String of(ScenarioRun run) {
        StringBuilder sb = new StringBuilder(header(run.scenario()));
        for (StepResult r : run.results()) {
            sb.append(step(r));
        }
        return sb.append(summary(run.results(), run.scenario().steps().size())).toString();
    }
}
