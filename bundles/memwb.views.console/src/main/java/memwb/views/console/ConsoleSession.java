package memwb.views.console;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * One Gogo session with its own streams: runs a line and returns what it printed, its result (as
 * gosh prints results) and its error. No SWT: the view runs it in the background. One caller at a time.
 */
final class ConsoleSession implements AutoCloseable {
    /** Where unqualified names are looked up: memwb first, then gogo, as the ./memwb console does. */
    static final String SCOPE = "memwb:gogo:*";

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final CommandSession session;

    ConsoleSession(CommandProcessor processor) {
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        session.put("SCOPE", SCOPE);
    }

    /** What running {@code line} printed and returned; a failure ends with "Error: why". */
    synchronized Output run(String line) {
        buffer.reset();
        boolean failed = false;
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            failed = true;
            out.println("Error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        out.flush();
        return new Output(buffer.toString(StandardCharsets.UTF_8), failed);
    }

    /** Text printed by one line, and whether it failed. */
    record Output(String text, boolean failed) {
    }

    @Override
    public synchronized void close() {
        session.close();
    }
}
