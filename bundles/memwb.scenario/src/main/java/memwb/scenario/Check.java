package memwb.scenario;

/** An expectation checked: what was expected, what the machine did, and whether they agree. */
public record Check(String key, String expected, String actual, boolean ok) {
}
