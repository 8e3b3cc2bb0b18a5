package memwb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.heap.tlsf.TlsfHeap;
import memwb.replay.Trace;
import memwb.replay.TraceReader;

/**
 * Issue 5's throughput, the way JMH measures: one timed pass of a trace (malloc, realloc and free
 * only, as a replay's timed pass) on a fresh TLSF heap per invocation, after JMH's warm-up, so the
 * figure is the JIT's steady state and comes with an error. {@code memory=machine} is the heap on a
 * {@link HeapMachine} (every access through Mmu.translate into sparse RAM); {@code memory=flat}, the
 * baseline, is the same heap on a host array ({@link FlatHeapMemory}): the ratio is what emulation
 * costs. A pass's time over the trace's operations gives ops/s (benchmarks/README.md).
 *
 * <p>Run from the project root: {@code java -jar benchmarks/target/benchmarks.jar TraceReplayBenchmark
 * -wi 10 -i 10 -w 1s -r 1s} ({@code -p trace=phases,random} for some traces; the traces are read from
 * {@code ../shared/traces/synthetic} and {@code ../shared/traces/real}, or {@code -p traces=DIR} holding both).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class TraceReplayBenchmark {
    @Param({"binary", "coalescing", "phases", "random", "realloc", "gcc-O2-pngtest", "python3-json-regex",
            "sqlite3-inserts"})
    String trace;

    @Param({"machine", "flat"})
    String memory;

    @Param("../shared/traces")
    String traces;

    private Trace parsed;
    private HeapMemory range;
    private Heap heap;

    @Setup(Level.Trial)
    public void read() {
        parsed = TraceReader.read(find(Path.of(traces), trace));
        range = memory.equals("flat") ? new FlatHeapMemory(HeapMachine.HEAP_BASE, HeapMachine.HEAP_BYTES)
                : new HeapMachine().memory;
        System.out.printf("%n%s: %d operations per pass%n", parsed.name(), parsed.ops());
    }

    /** {@code NAME.rep} or {@code NAME.rep.gz} in {@code dir}, or in its {@code synthetic} or {@code real} folder. */
    static Path find(Path dir, String name) {
        for (Path d : new Path[] {dir, dir.resolve("synthetic"), dir.resolve("real")}) {
            for (String file : new String[] {name + ".rep", name + ".rep.gz"}) {
                if (Files.isRegularFile(d.resolve(file))) {
                    return d.resolve(file);
                }
            }
        }
        throw new IllegalArgumentException("no trace " + name + " in " + dir.toAbsolutePath() + " (nor in synthetic/ or real/)");
    }

    /** A fresh heap per pass, as the replay's timed passes have: set-up and teardown are not timed. */
    @Setup(Level.Invocation)
    public void heap() {
        heap = TlsfHeap.create(range, null, Map.of());
    }

    @TearDown(Level.Invocation)
    public void destroy() {
        heap.destroy();
    }

    @Benchmark
    public Heap pass() {
        TraceCostMain.replayOnce(parsed, heap);
        return heap;
    }
}
