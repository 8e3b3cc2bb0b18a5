package memwb.replay.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import memwb.api.machine.MachineService;
import memwb.replay.Comparison;
import memwb.replay.ReplayResult;
import memwb.replay.Replayer;
import memwb.replay.Trace;
import memwb.replay.TraceReader;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code replay FILE [--heap NAME]} and {@code replay --compare DIR [--csv FILE]}: trace replays
 * against fresh heaps of the booted machine (MachineService.newHeap, headers and patterns through
 * its MMU). Progress lines go to the session (System.out, which Gogo routes to the session running
 * the command); the result is returned. Errors are exceptions whose message says what was wrong.
 */
@Component(service = ReplayCommand.class, property = {"osgi.command.scope=memwb", "osgi.command.function=replay"})
public final class ReplayCommand {
    static final String USAGE = "replay FILE [--heap NAME] | replay --compare DIR [--csv FILE]";

    @Reference
    private MachineService machines;

    public String replay() {
        return "usage: " + USAGE;
    }

    /** replay FILE: the trace against a fresh heap of the default implementation. */
    public String replay(String file) {
        if (file.startsWith("--")) {
            throw new IllegalArgumentException("replay: " + file + " needs an argument; usage: " + USAGE);
        }
        return replay(file, "--heap", defaultHeap());
    }

    /** replay FILE --heap NAME, or replay --compare DIR --csv FILE is the 4-argument form. */
    public String replay(String file, String option, String heap) {
        if (!option.equals("--heap")) {
            throw new IllegalArgumentException("replay: unknown option \"" + option + "\"; usage: " + USAGE);
        }
        Replayer replayer = replayer(heap); // says clearly when there is no machine or no paging, before reading the trace
        ReplayResult r = replayer.replay(TraceReader.read(Path.of(file)));
        return report(r);
    }

    /** replay --compare DIR: every trace in DIR against every installed heap. */
    public String replay(String option, String dir) {
        if (!option.equals("--compare")) {
            throw new IllegalArgumentException("replay: unknown option \"" + option + "\"; usage: " + USAGE);
        }
        return compare(Path.of(dir), null);
    }

    /** replay --compare DIR --csv FILE: also writes the CSV to FILE. */
    public String replay(String option, String dir, String csvOption, String csvFile) {
        if (!option.equals("--compare") || !csvOption.equals("--csv")) {
            throw new IllegalArgumentException("replay: unknown options \"" + option + " " + csvOption + "\"; usage: " + USAGE);
        }
        return compare(Path.of(dir), Path.of(csvFile));
    }

    private String compare(Path dir, Path csvFile) {
        List<Path> files = Comparison.traces(dir);
        Replayer.requireMmu(machines); // no machine or no paging: say so before reading any trace
        List<ReplayResult> results = new ArrayList<>();
        PrintStream out = System.out;
        for (Path f : files) {
            Trace trace = TraceReader.read(f);
            for (String heap : machines.heaps()) {
                ReplayResult r = replayer(heap).replay(trace);
                out.println(r.line());
                for (String e : r.firstErrors()) {
                    out.println("  " + e);
                }
                results.add(r);
            }
        }
        String csv = Comparison.csv(results);
        String saved = "";
        if (csvFile != null) {
            try {
                Files.writeString(csvFile, csv, StandardCharsets.UTF_8);
                saved = "(CSV written to " + csvFile + ")\n";
            } catch (IOException e) {
                throw new IllegalArgumentException("replay: cannot write the CSV to " + csvFile + ": " + e.getMessage(), e);
            }
        }
        return Comparison.table(results) + "\n" + csv + saved;
    }

    private Replayer replayer(String heap) {
        PrintStream out = System.out;
        return Replayer.onMachine(machines, heap,
                (trace, h, phase, percent) -> out.println("  " + trace + " on " + h + ": " + phase + " " + percent + "%"));
    }

    private static String report(ReplayResult r) {
        StringBuilder sb = new StringBuilder();
        for (String e : r.firstErrors()) {
            sb.append("error: ").append(e).append('\n');
        }
        if (r.errors() > r.firstErrors().size()) {
            sb.append("(").append(r.errors() - r.firstErrors().size()).append(" more errors)\n");
        }
        return sb.append(r.line()).toString();
    }

    private String defaultHeap() {
        return Replayer.defaultHeap(machines);
    }
}
