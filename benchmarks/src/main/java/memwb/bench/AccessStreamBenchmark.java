package memwb.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.Access;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;
import memwb.heap.tlsf.TlsfHeap;
import memwb.replay.Trace;
import memwb.replay.TraceReader;

/**
 * What one heap access costs the machine, on the address stream a real heap makes: TLSF replays a
 * trace once (malloc/realloc/free, as a timed pass does) and every 64-bit access it makes is
 * recorded; a fresh machine maps the pages the stream touches, and the stream is replayed four ways,
 * {@value #BATCH} accesses per invocation, cycling through it:
 * <ul>
 * <li>{@code hostArray} (the baseline): the same words in a plain {@code long[]}, page by page as
 * the stream touches them: the host's own cost for the data, cache misses included;</li>
 * <li>{@code ramByPhysical}: sparse RAM at the physical addresses the pages map to (no MMU);</li>
 * <li>{@code translateOnly}: {@code Mmu.translate} alone, TLB lookups, misses and walks included;</li>
 * <li>{@code translatedAccess}: the heap's real path ({@code VmmHeapMemory.read64/write64}).</li>
 * </ul>
 * Unlike a trace replay, the heap's own logic is not in it, so this is the emulation's share of a
 * heap operation, per access, with the miss rate of a real heap over a 64-entry TLB.
 *
 * <p>Run from the project root: {@code java -jar benchmarks/target/benchmarks.jar AccessStreamBenchmark
 * -f 1 -wi 3 -i 5 -w 1s -r 1s} ({@code -p traces=DIR} for another directory of synthetic traces).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessStreamBenchmark {
    static final int BATCH = 1 << 16;
    private static final int WORDS_PER_PAGE = (int) (HeapMemory.PAGE_SIZE / Long.BYTES);

    @Param({"phases", "random", "binary"})
    String trace;

    @Param("../shared/traces/synthetic")
    String traces;

    private long[] va;
    private long[] pa;
    private int[] hostIndex;
    private boolean[] write;
    private long[] host;
    private HeapMemory memory;
    private Mmu mmu;
    private PhysicalMemory ram;
    private int cursor;

    @Setup(Level.Trial)
    public void record() {
        Trace t = TraceReader.read(Path.of(traces, trace + ".rep"));
        RecordingHeapMemory recorder = new RecordingHeapMemory(new HeapMachine().memory);
        Heap heap = TlsfHeap.create(recorder, null, Map.of());
        recorder.clear(); // the control block's set-up is not part of the stream
        TraceCostMain.replayOnce(t, heap);
        va = recorder.addresses();
        write = recorder.writes();
        if (va.length < BATCH) {
            throw new IllegalStateException(String.format("%s makes %d accesses, fewer than the %d a batch replays: "
                    + "use a longer trace", t.name(), va.length, BATCH));
        }

        long[] pages = Arrays.stream(va).map(a -> a & -HeapMemory.PAGE_SIZE).distinct().sorted().toArray();
        HeapMachine machine = new HeapMachine();
        for (long page : pages) {
            if (!machine.memory.mapPages(page, 1)) {
                throw new IllegalStateException("out of frames mapping the stream's pages");
            }
        }
        memory = machine.memory;
        mmu = machine.mmu;
        ram = mmu.ram();
        pa = new long[va.length];
        hostIndex = new int[va.length];
        for (int i = 0; i < va.length; i++) {
            pa[i] = mmu.translate(va[i], Access.READ, Privilege.SUPERVISOR);
            int page = Arrays.binarySearch(pages, va[i] & -HeapMemory.PAGE_SIZE);
            hostIndex[i] = page * WORDS_PER_PAGE + (int) ((va[i] & (HeapMemory.PAGE_SIZE - 1)) >>> 3);
        }
        host = new long[pages.length * WORDS_PER_PAGE];
        mmu.resetTlbStats();
    }

    /** The next BATCH positions of the stream (it is longer than a batch, so each batch is contiguous). */
    private int next() {
        int from = cursor;
        cursor = from + 2 * BATCH > va.length ? 0 : from + BATCH;
        return from;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long hostArray() {
        int from = next();
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            if (write[i]) {
                host[hostIndex[i]] = i;
            } else {
                sum += host[hostIndex[i]];
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long ramByPhysical() {
        int from = next();
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            if (write[i]) {
                ram.write64(pa[i], i);
            } else {
                sum += ram.read64(pa[i]);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long translateOnly() {
        int from = next();
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            sum += mmu.translate(va[i], write[i] ? Access.WRITE : Access.READ, Privilege.SUPERVISOR);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long translatedAccess() {
        int from = next();
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            if (write[i]) {
                memory.write64(va[i], i);
            } else {
                sum += memory.read64(va[i]);
            }
        }
        return sum;
    }

    /** Records the address of every 64-bit access. */
    static final class RecordingHeapMemory extends ForwardingHeapMemory {
        private long[] addresses = new long[1 << 20];
        private boolean[] writes = new boolean[1 << 20];
        private int count;

        RecordingHeapMemory(HeapMemory inner) {
            super(inner);
        }

        void clear() {
            count = 0;
        }

        long[] addresses() {
            return Arrays.copyOf(addresses, count);
        }

        boolean[] writes() {
            return Arrays.copyOf(writes, count);
        }

        private void record(long va, boolean isWrite) {
            if (count == addresses.length) {
                addresses = Arrays.copyOf(addresses, count * 2);
                writes = Arrays.copyOf(writes, count * 2);
            }
            addresses[count] = va;
            writes[count++] = isWrite;
        }

        @Override
        public long read64(long va) {
            record(va, false);
            return inner.read64(va);
        }

        @Override
        public void write64(long va, long value) {
            record(va, true);
            inner.write64(va, value);
        }
    }
}
