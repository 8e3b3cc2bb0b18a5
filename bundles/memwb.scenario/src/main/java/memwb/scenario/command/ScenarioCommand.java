package memwb.scenario.command;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.machine.MachineService;
import memwb.scenario.Scenario;
import memwb.scenario.ScenarioReader;
import memwb.scenario.ScenarioReport;
import memwb.scenario.ScenarioRun;

/**
 * {@code scenario FILE}: runs a scenario and prints its report; when an expectation does not hold
 * the command fails (so {@code memwb --run} and {@code --exec} exit 1), naming the failed steps.
 */
@Component(service = ScenarioCommand.class, property = {"osgi.command.scope=memwb", "osgi.command.function=scenario"})
public final class ScenarioCommand {
    @Reference
    private MachineService machines;

    /** scenario FILE: the report; throws after printing it if any expectation did not hold. */
    public String scenario(String file) {
        Scenario s = ScenarioReader.read(Path.of(file));
        ScenarioRun run = new ScenarioRun(s, machines);
        run.reset();
        run.runToEnd();
        String report = ScenarioReport.of(run);
        if (!run.passed()) {
            // Gogo shows a failed command's message only, so the report goes out first
            System.out.print(report);
            System.out.flush();
            throw new IllegalStateException("scenario " + s.name() + ": "
                    + ScenarioReport.summary(run.results(), s.steps().size()).trim());
        }
        return report;
    }
}
