package memwb.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * A scenario as read from its file: the machine it boots (spec JSON text and where it came from) and
 * its steps in order.
 *
 * @param machineJson the inline spec's text, or null when {@code machineFile} names one
 * @param machineFile the spec file, resolved against the scenario's folder, or null
 */
public record Scenario(String name, String description, Path file, String machineJson, Path machineFile,
        List<Step> steps) {
    public Scenario {
        steps = List.copyOf(steps);
    }
}
