package memwb.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.heap.freelist.FreeListHeap;
import memwb.heap.support.testing.HeapRig;
import memwb.heap.tlsf.TlsfHeap;

/** The real heaps over a real MMU (HeapRig) replay every trace without a single pattern, overlap or alignment error. */
class HeapReplayTest {
    static final Path REAL = Path.of("/work/shared/traces/real");
    private static final long RAM = 512 * HeapRig.MIB;
    private static final long RANGE = 1024 * HeapRig.MIB;

    /** A replayer whose every heap gets a fresh machine core; block bytes go through that heap's HeapMemory. */
    static Replayer replayer(Function<HeapMemory, Heap> make, int timedRuns) {
        return Replayer.onFreshMemory(() -> HeapRig.of("4-level", RAM, RANGE).memory, make, timedRuns);
    }

    static Trace shipped(String name) throws IOException {
        try (InputStream in = HeapReplayTest.class.getResourceAsStream("/traces/" + name + ".rep")) {
            return TraceReader.read(in, name + ".rep", name);
        }
    }

    @Test
    void bothHeapsReplayTheSyntheticTracesWithoutErrorsAndTlsfKeepsSmallAndLargeApart() throws IOException {
        for (String name : new String[] {"binary", "coalescing", "realloc", "random", "phases"}) {
            Trace t = shipped(name);
            ReplayResult tlsf = replayer(m -> TlsfHeap.create(m, null, Map.of()), 0).replay(t);
            ReplayResult freelist = replayer(m -> FreeListHeap.create(m, null, Map.of()), 0).replay(t);
            System.out.println(tlsf.line());
            System.out.println(freelist.line());
            assertEquals(0, tlsf.errors(), tlsf.firstErrors().toString());
            assertEquals(0, freelist.errors(), freelist.firstErrors().toString());
            assertEquals(t.ops(), tlsf.ops());
            assertEquals(tlsf.peakPayload(), freelist.peakPayload(), "peak payload is the trace's, whatever the heap");
        }
        // binary: 64s and 448s interleaved, the 448s freed, then 512s: one address-ordered arena scores ~0.54.
        assertTrue(replayer(m -> TlsfHeap.create(m, null, Map.of()), 0).replay(shipped("binary")).util() > 0.9);
    }

    @Test
    void theRealTracesReplayWithoutErrorsWhenTheSharedCopyIsPresent() {
        assumeTrue(Files.isDirectory(REAL), "skipped: the real traces (5.3 MB gzipped) are not in the repository; "
                + "they are read from " + REAL + ", which is absent here");
        for (Path f : Comparison.traces(REAL)) {
            Trace t = TraceReader.read(f);
            ReplayResult r = replayer(m -> TlsfHeap.create(m, null, Map.of()), 0).replay(t);
            System.out.println(r.line());
            assertEquals(0, r.errors(), r.firstErrors().toString());
        }
    }
}
