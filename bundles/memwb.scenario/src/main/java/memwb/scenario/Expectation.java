package memwb.scenario;

/**
 * One expected fact of a step: {@code key} is an expectation field, dotted for nested ones
 * ("address", "fault", "fault.errorCode", "frames.allocated"), {@code expected} its value as written.
 */
public record Expectation(String key, String expected) {
}
