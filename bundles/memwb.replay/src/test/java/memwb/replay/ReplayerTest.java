package memwb.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class ReplayerTest {
    private BumpHeap last;

    private Replayer replayer(List<BumpHeap> made, Replayer.Progress progress) {
        return replayer(() -> {
            BumpHeap h = new BumpHeap();
            made.add(h);
            return h;
        }, 2, progress);
    }

    /** A replayer over heaps from {@code heaps}; block bytes go through the heap made last. */
    private Replayer replayer(Supplier<BumpHeap> heaps, int timedRuns, Replayer.Progress progress) {
        return new Replayer(() -> {
            last = heaps.get();
            return last;
        }, new PayloadAccess() {
            @Override
            public void write(long va, byte[] src, int offset, int length) {
                last.write(va, src, offset, length);
            }

            @Override
            public void read(long va, byte[] dst, int offset, int length) {
                last.read(va, dst, offset, length);
            }
        }, timedRuns, progress);
    }

    @Test
    void aHandWrittenTraceGivesExactOpsPeakPayloadExtentAndNoErrors() {
        // a0 100, a1 50 -> 150 live; r0 300 -> 350 (peak); f1 -> 300; a2 10 -> 310; f0.
        List<BumpHeap> made = new ArrayList<>();
        ReplayResult r = replayer(made, Replayer.Progress.NONE).replay(TraceReaderTest.parse(TraceReaderTest.SMALL));
        assertEquals(6, r.ops());
        assertEquals(350, r.peakPayload());
        // Bump blocks: 112 + 64 + 304 + 16 = 496 bytes from 0x10000: one page.
        assertEquals(4096, r.peakExtent());
        assertEquals(350 / 4096.0, r.util(), 1e-12);
        assertEquals(0, r.errors(), r.firstErrors().toString());
        assertTrue(r.opsPerSec() > 0);
        // One heap for the checked pass and one per timed run; a trace this short is timed again and
        // again (up to the cap on passes, long before a second has gone by) so the JIT is warm when the
        // best run is taken.
        assertEquals(1 + Replayer.MAX_TIMED_RUNS, made.size(), "one heap for the checked pass and one per timed run");
        assertTrue(made.stream().allMatch(h -> h.destroyed), "every heap destroyed");
    }

    /**
     * The settling rule on a clock the test moves: each timed pass of the six-operation trace "takes"
     * what {@code passNanos} says for that pass (its heap's first malloc advances the clock), as a
     * JIT-compiled heap speeds up pass after pass.
     */
    private static ReplayResult timedWith(java.util.function.IntToLongFunction passNanos, List<BumpHeap> made) {
        long[] now = {0};
        int[] pass = {-1}; // the checked pass is not timed
        Replayer r = new Replayer(() -> {
            int p = pass[0]++;
            BumpHeap h = new BumpHeap() {
                private boolean first = true;

                @Override
                public long malloc(long size) {
                    if (first && p >= 0) {
                        now[0] += passNanos.applyAsLong(p);
                    }
                    first = false;
                    return super.malloc(size);
                }
            };
            made.add(h);
            return h;
        }, new PayloadAccess() {
            @Override
            public void write(long va, byte[] src, int offset, int length) {
                made.get(made.size() - 1).write(va, src, offset, length);
            }

            @Override
            public void read(long va, byte[] dst, int offset, int length) {
                made.get(made.size() - 1).read(va, dst, offset, length);
            }
        }, 3, Replayer.Progress.NONE, () -> now[0]);
        return r.replay(TraceReaderTest.parse(TraceReaderTest.SMALL));
    }

    @Test
    void timingGoesOnPastTheFirstSecondWhileTheBestStillImprovesAndReportsTheSettledSpeed() {
        // A JIT warming up: each pass 0.3% faster than the one before, from 10 ms down to 5 ms, which
        // it reaches at pass 231, after 1.67 s of timing. A second of timing would have reported ~7 ms.
        java.util.function.IntToLongFunction warming = p -> Math.max(5_000_000L, (long) (10_000_000L * Math.pow(0.997, p)));
        List<BumpHeap> made = new ArrayList<>();
        ReplayResult r = timedWith(warming, made);
        assertEquals(Math.round(6 / 5e-3), r.opsPerSec(), "the settled speed, not the first second's");
        int timed = made.size() - 1;
        // The best gains 1% every few passes until 1.67 s; then it times on until that is half of the
        // time spent: ~330 passes more.
        assertTrue(timed > 231 + 300 && timed < 231 + 360, "timed passes: " + timed);
        assertTrue(made.stream().allMatch(h -> h.destroyed));
    }

    @Test
    void aSteadyHeapIsTimedForAboutASecondAndOneThatKeepsImprovingForAtMostTheCap() {
        List<BumpHeap> steady = new ArrayList<>();
        timedWith(p -> 10_000_000L, steady);
        assertEquals(100, steady.size() - 1, "a second of 10 ms passes");
        List<BumpHeap> improving = new ArrayList<>();
        // 0.1% faster every pass from 20 ms on, 1% every ten passes (0.2 s): it never settles, and
        // MAX_TIMED_NANOS stops it.
        java.util.function.IntToLongFunction neverSettling = p -> (long) (20_000_000L * Math.pow(0.999, p));
        ReplayResult r = timedWith(neverSettling, improving);
        assertTrue(r.opsPerSec() > 0);
        long spent = 0;
        for (int p = 0; p < improving.size() - 1; p++) {
            spent += neverSettling.applyAsLong(p);
        }
        assertTrue(spent >= Replayer.MAX_TIMED_NANOS && spent < Replayer.MAX_TIMED_NANOS + 20_000_000L,
                "stopped at the time cap, after " + spent + " ns");
    }

    @Test
    void anInterruptCancelsTheReplayAndItsHeapGoes() {
        List<BumpHeap> made = new ArrayList<>();
        Replayer replayer = replayer(made, Replayer.Progress.NONE);
        Trace trace = TraceReaderTest.parse(TraceReaderTest.SMALL);
        Thread.currentThread().interrupt(); // what Cancel does to the worker thread
        try {
            CancellationException e = assertThrows(CancellationException.class, () -> replayer.replay(trace));
            assertTrue(e.getMessage().contains("cancelled at op 0"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, made.size());
        assertTrue(made.get(0).destroyed, "the cancelled replay's heap gave its pages back");
    }

    @Test
    void aHeapThatCorruptsAByteIsCaughtByThePatternCheckAndDescribed() {
        List<BumpHeap> made = new ArrayList<>();
        Replayer replayer = replayer(() -> {
            BumpHeap h = new BumpHeap();
            h.corruptOnNextMalloc = BumpHeap.START + 5; // flips byte 5 of block id 0 when id 1 is allocated
            made.add(h);
            return h;
        }, 0, Replayer.Progress.NONE);
        ReplayResult r = replayer.replay(TraceReaderTest.parse("1\n2\n4\n1\na 0 64\na 1 64\nf 0\nf 1\n"));
        assertTrue(r.errors() > 0);
        String first = r.firstErrors().get(0);
        assertTrue(first.startsWith("op 3 (f 0): block 0x10000 (id 0) byte 5 at 0x10005"), first);
        assertTrue(first.endsWith("before free"), first);
        assertEquals(0, r.opsPerSec(), "no timed runs asked for");
    }

    @Test
    void overlappingBlocksAreReported() {
        List<BumpHeap> made = new ArrayList<>();
        Replayer replayer = replayer(() -> {
            BumpHeap h = new BumpHeap();
            made.add(h);
            return h;
        }, 0, Replayer.Progress.NONE);
        Trace t = TraceReaderTest.parse("1\n2\n3\n1\na 0 64\na 1 64\nf 1\n");
        // Make the second malloc of the checked pass return the first block again.
        Replayer wrapped = replayer(() -> new BumpHeap() {
            int calls;

            @Override
            public long malloc(long size) {
                overlapNext = ++calls == 2;
                return super.malloc(size);
            }
        }, 0, Replayer.Progress.NONE);
        assertEquals(0, replayer.replay(t).errors(), "a sound heap: no errors");
        ReplayResult r = wrapped.replay(t);
        assertTrue(r.firstErrors().get(0).startsWith("op 2 (a 1 64): block 0x10000-0x10040 overlaps live block 0x10000-0x10040"),
                r.firstErrors().toString());
    }

    @Test
    void theResultLineHasExactlyTheAgreedFields() {
        ReplayResult r = new ReplayResult("binary", "tlsf", 24000, 2304000, 2441216, 2304000 / 2441216.0, 5123456, 0, List.of());
        assertEquals("trace=binary heap=tlsf ops=24000 peak_payload=2304000 peak_extent=2441216 util=0.9438 ops_per_s=5123456 errors=0",
                r.line());
    }

    @Test
    void progressIsReportedAtMostEveryTenPercent() {
        StringBuilder ops = new StringBuilder("1\n1000\n2000\n1\n");
        for (int i = 0; i < 1000; i++) {
            ops.append("a ").append(i).append(" 16\n");
        }
        for (int i = 0; i < 1000; i++) {
            ops.append("f ").append(i).append('\n');
        }
        List<Integer> seen = new ArrayList<>();
        replayer(new ArrayList<>(), (trace, heap, phase, percent) -> {
            if (phase.equals("checked")) {
                seen.add(percent);
            }
        }).replay(TraceReaderTest.parse(ops.toString()));
        assertEquals(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), seen);
    }

    @Test
    void theComparisonTableIsAlignedAndTheCsvHasOneLinePerPair() {
        List<ReplayResult> rs = List.of(
                new ReplayResult("binary", "tlsf", 24000, 10, 20, 0.5, 7, 0, List.of()),
                new ReplayResult("python3-json-regex", "freelist", 1292376, 10, 40, 0.25, 123456789, 1, List.of()));
        String[] lines = Comparison.table(rs).split("\n");
        assertEquals(3, lines.length);
        assertEquals(lines[0].length(), lines[1].length());
        assertEquals(lines[1].length(), lines[2].length());
        assertTrue(lines[0].startsWith("trace "));
        assertEquals("trace,heap,ops,peak_payload,peak_extent,util,ops_per_s,errors\nbinary,tlsf,24000,10,20,0.5000,7,0\n"
                + "python3-json-regex,freelist,1292376,10,40,0.2500,123456789,1\n", Comparison.csv(rs));
    }
}
