package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5's trace replay at the console: fresh heaps of the booted machine, the result line, the comparison table and CSV. */
class ReplayIT extends ConsoleSession {
    static final String REALLOC = Path.of("../bundles/memwb.replay/src/test/resources/traces/realloc.rep").toAbsolutePath()
            .normalize().toString();
    private static final Pattern LINE = Pattern.compile(
            "trace=(\\S+) heap=(\\S+) ops=(\\d+) peak_payload=(\\d+) peak_extent=(\\d+) util=(0\\.\\d{4}) ops_per_s=(\\d+) errors=(\\d+)");

    @BeforeEach
    void boot() {
        launcher.execute("boot " + QEMU_128M);
    }

    @Test
    void replayOfATraceEndsWithTheResultLineForTheDefaultHeap() {
        String out = launcher.execute("replay " + REALLOC);
        Matcher m = LINE.matcher(out);
        assertTrue(m.find(), out);
        assertEquals("realloc", m.group(1));
        assertEquals("tlsf", m.group(2), "the best-ranked heap is the default");
        assertEquals("14402", m.group(3));
        assertEquals("231424", m.group(4), "peak live payload is the trace's");
        assertEquals("0", m.group(8), out);
        assertTrue(Double.parseDouble(m.group(6)) > 0.9, out);
        String heap = launcher.execute("heap");
        assertTrue(heap.contains("0 live blocks") || !heap.contains("live blocks: 1"), "the kernel heap is untouched: " + heap);
    }

    @Test
    void replayWithHeapFreelistUsesThatHeap(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("tiny.rep");
        Files.writeString(t, "1000\n2\n4\n1\na 0 100\na 1 200\nf 0\nf 1\n");
        String out = launcher.execute("replay " + t + " --heap freelist");
        Matcher m = LINE.matcher(out);
        assertTrue(m.find(), out);
        assertEquals("tiny", m.group(1));
        assertEquals("freelist", m.group(2));
        assertEquals("300", m.group(4));
        assertEquals("0", m.group(8));
    }

    @Test
    void compareRunsEveryTraceAgainstEveryHeapAndWritesTheCsv(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("one.rep"), "1000\n1\n2\n1\na 0 5000\nf 0\n");
        Files.writeString(dir.resolve("two.rep"), "1000\n2\n4\n1\na 0 10\na 1 20\nf 1\nf 0\n");
        Path csv = dir.resolve("out.csv");
        String out = launcher.execute("replay --compare " + dir + " --csv " + csv);
        Matcher m = LINE.matcher(out);
        int lines = 0;
        while (m.find()) {
            lines++;
        }
        assertEquals(4, lines, "two traces x two heaps: " + out);
        assertTrue(out.contains("trace  heap"), "the aligned table: " + out);
        String written = Files.readString(csv);
        assertTrue(written.startsWith("trace,heap,ops,peak_payload,peak_extent,util,ops_per_s,errors\n"), written);
        assertEquals(5, written.split("\n").length, written);
    }

    @Test
    void aMalformedTraceIsRefusedNamingItsLine(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("bad.rep");
        Files.writeString(t, "1000\n1\n2\n1\na 0 10\nf 7\n");
        String failure = failure("replay " + t);
        assertTrue(failure.contains("bad.rep:6") && failure.contains("free of id 7"), failure);
        assertTrue(failure("replay " + t + " --heap nosuchheap").length() > 0);
    }
}
