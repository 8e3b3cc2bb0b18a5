package memwb.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
    static final String SMALL = "100000\n3\n6\n1\na 0 100\na 1 50\nr 0 300\nf 1\na 2 10\nf 0\n";

    static Trace parse(String text) {
        try {
            return TraceReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "t.rep", "t");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void refused(String text, String expected) {
        TraceException e = assertThrows(TraceException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith(expected), "expected \"" + expected + "\" but got: " + e.getMessage());
    }

    @Test
    void readsTheHeaderAndEveryOperation() {
        Trace t = parse(SMALL);
        assertEquals(6, t.ops());
        assertEquals(100000, t.suggestedHeap());
        assertEquals(3, t.idCount());
        assertEquals(Trace.REALLOC, t.kind(2));
        assertEquals(300, t.size(2));
        assertEquals(Trace.FREE, t.kind(3));
        assertEquals(1, t.id(3));
        assertEquals(2, t.maxId());
    }

    @Test
    void aBadHeaderIsNamedWithItsLine() {
        refused("100\nthree\n6\n1\n", "t.rep:2: bad header: number of ids \"three\" is not a number");
        refused("100\n3\n", "t.rep:3: bad header: the file ends before the number of operations");
        refused("100\n3\n-6\n1\n", "t.rep:3: bad header: number of operations -6 is out of range");
    }

    @Test
    void anUnknownOperationOrABadNumberIsNamedWithItsLine() {
        refused("1\n1\n2\n1\na 0 10\nx 0\n", "t.rep:6: unknown operation \"x\"");
        refused("1\n1\n1\n1\na zero 10\n", "t.rep:5: bad id \"zero\": not a number");
        refused("1\n1\n1\n1\na 0 -5\n", "t.rep:5: bad size -5: out of range");
        refused("1\n1\n1\n1\na 0\n", "t.rep:5: \"a 0\": a takes 2 numbers");
    }

    @Test
    void freeOrReallocOfAnIdThatIsNotLiveAndAllocOfALiveIdAreNamed() {
        refused("1\n1\n1\n1\nf 3\n", "t.rep:5: free of id 3, which is not live");
        refused("1\n1\n3\n1\na 0 8\nf 0\nf 0\n", "t.rep:7: free of id 0, which is not live");
        refused("1\n1\n2\n1\na 0 8\nr 1 8\n", "t.rep:6: realloc of id 1, which is not live");
        refused("1\n1\n2\n1\na 0 8\na 0 8\n", "t.rep:6: alloc of id 0, which is live already");
    }

    @Test
    void anOperationCountThatDiffersFromTheHeaderIsNamed() {
        refused("1\n1\n3\n1\na 0 8\nf 0\n", "t.rep:6: the header announces 3 operations but the file has 2");
        refused("1\n1\n1\n1\na 0 8\nf 0\n", "t.rep:6: more operations than the header's 1");
    }

    @Test
    void gzipAndPlainGiveTheSameOperationsWhateverTheFileIsCalled(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("small.rep");
        Files.writeString(plain, SMALL);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(SMALL.getBytes(StandardCharsets.US_ASCII));
        }
        Path gz = dir.resolve("small.rep.gz");
        Files.write(gz, bytes.toByteArray());
        Path misnamed = dir.resolve("misnamed.rep");
        Files.write(misnamed, bytes.toByteArray());
        Trace a = TraceReader.read(plain);
        assertEquals("small", a.name());
        assertEquals("small", TraceReader.read(gz).name());
        assertEquals(TraceReader.dump(a), TraceReader.dump(TraceReader.read(gz)));
        assertEquals(TraceReader.dump(a), TraceReader.dump(TraceReader.read(misnamed)));
    }

    @Test
    void theShippedSyntheticTracesReadWithTheirHeadersCounts() throws IOException {
        for (String name : new String[] {"binary", "coalescing", "realloc", "random", "phases"}) {
            try (InputStream in = getClass().getResourceAsStream("/traces/" + name + ".rep")) {
                Trace t = TraceReader.read(in, name + ".rep", name);
                assertTrue(t.ops() > 10_000, name);
            }
        }
    }

    @Test
    void aMissingFileIsNamed() {
        TraceException e = assertThrows(TraceException.class, () -> TraceReader.read(Path.of("/nonexistent/x.rep")));
        assertTrue(e.getMessage().startsWith("/nonexistent/x.rep: cannot read"), e.getMessage());
    }
}
