package memwb.scenario;

import java.util.List;
import java.util.Map;

/**
 * One step: an operation ({@code do}) with its arguments by name (numbers, rights and names as
 * text, "$name" for a kept result), the name to keep its result under ({@code as}, or null), its
 * expectations in file order and the sentence saying why.
 *
 * @param number 1-based, as the report and errors count
 */
public record Step(int number, String op, Map<String, String> args, String as, List<Expectation> expect, String why) {
    public Step {
        args = Map.copyOf(args);
        expect = List.copyOf(expect);
        why = why == null ? "" : why;
    }

    /** The argument {@code name}, or null if the step does not give it. */
    public String arg(String name) {
        return args.get(name);
    }
}
