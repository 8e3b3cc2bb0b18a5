package memwb.scenario;

import java.util.List;

import memwb.api.view.Location;

/**
 * What a step did: {@code did} in words ("malloc(64) = 0xffffc90000001010"), its checks, the error
 * it raised (or null) and the address the views should show (or null).
 */
public record StepResult(Step step, Status status, String did, List<Check> checks, String error, Location location) {
    /** PASSED: ran and every expectation held; FAILED: an expectation did not hold or an unwanted error. */
    public enum Status {
        PASSED, FAILED
    }

    public StepResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
