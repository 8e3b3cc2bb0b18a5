package memwb.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.machine.MachineException;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.PhysicalMemoryFactory;

/**
 * Boots machines and holds the current one; swaps the frame allocator of a running machine. Plain
 * Java: {@link MachineComponent} is its OSGi face. A failed boot or swap changes nothing.
 */
final class MachineManager {
    private final PhysicalMemoryFactory ramFactory;
    private final MemoryMapFormat mapFormat;
    private final DescriptorCodec codec;
    private final AllocatorRegistry allocators;
    private volatile BootedMachine current;

    MachineManager(PhysicalMemoryFactory ramFactory, MemoryMapFormat mapFormat, DescriptorCodec codec, AllocatorRegistry allocators) {
        this.ramFactory = ramFactory;
        this.mapFormat = mapFormat;
        this.codec = codec;
        this.allocators = allocators;
    }

    /** Boots a spec file, or a bare memory map (E820 text, table, multiboot JSON array, sysfs directory). */
    BootedMachine boot(Path file) {
        if (!Files.exists(file)) {
            throw new MachineException(file + ": no such file or directory");
        }
        if (Files.isDirectory(file)) {
            return bootBareMap(file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MachineException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (text.stripLeading().startsWith("{")) {
            return bootSpec(text, file.toString(), file.toAbsolutePath().getParent());
        }
        return bootBareMap(file);
    }

    private BootedMachine bootBareMap(Path file) {
        MachineSpec spec = new MachineSpec();
        spec.memoryMapFile = file.toAbsolutePath().toString();
        return boot(spec, new SpecSource(file.toString(), Map.of()), file.toAbsolutePath().getParent());
    }

    BootedMachine bootSpec(String json, String source, Path baseDir) {
        SpecReader.Result read = SpecReader.read(json, source);
        return boot(read.spec(), read.source(), baseDir);
    }

    private BootedMachine boot(MachineSpec spec, SpecSource source, Path baseDir) {
        BootPlan plan = BootPlan.resolve(spec, source, baseDir == null ? Path.of(".") : baseDir, mapFormat);
        FrameAllocatorProvider provider = allocators.choose(plan.allocator(), source.name() + ": field allocator: ");
        BootedMachine machine = MachineBuilder.boot(plan, ramFactory, codec, provider);
        current = machine;
        return machine;
    }

    Optional<BootedMachine> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Hot swap: the named allocator adopts every frame's state from the active one; its metadata goes
     * into free RAM below the kernel and the old metadata frames are released. Refused, with nothing
     * changed, if the new allocator would lose or change any allocated frame.
     */
    void useFrameAllocator(String name) {
        BootedMachine machine = current().orElseThrow(() -> new MachineException("no machine is booted (use boot FILE)"));
        synchronized (machine) {
            FrameAllocatorProvider provider = allocators.choose(name, "");
            FrameAllocator old = machine.recordingFrames().inner();
            AllocationState before = old.exportState();
            long kernelStart = machine.kernelSections().get(0).physStart();
            FrameAllocator next;
            try {
                next = provider.create(machine.ram(), kernelStart, before, Map.of());
            } catch (RuntimeException e) {
                throw new MachineException("cannot switch to " + name + ": " + e.getMessage(), e);
            }
            String lost = firstDifference(before, next);
            if (lost != null) {
                throw new MachineException("switch to " + name + " refused: " + lost);
            }
            machine.replaceFrames(new RecordingFrameAllocator(next, machine.eventLog()));
            machine.record("swap", -1, String.format(Locale.ROOT, "frame allocator %s -> %s: %d frames allocated, all kept",
                    old.name(), next.name(), next.stats().allocated()));
        }
    }

    /** The first frame allocated before that is not allocated to the same owner after, or null. */
    static String firstDifference(AllocationState before, FrameAllocator after) {
        for (FrameRun r : before.runs()) {
            if (r.state() != FrameState.ALLOCATED) {
                continue;
            }
            for (long f = r.firstFrame(); f < r.firstFrame() + r.count(); f++) {
                long pa = f * FrameAllocator.FRAME_SIZE;
                if (after.state(pa) != FrameState.ALLOCATED || after.owner(pa) != r.owner()) {
                    return String.format(Locale.ROOT, "frame 0x%x (%s) would become %s/%s", pa, r.owner().label(),
                            after.state(pa), after.owner(pa).label());
                }
            }
        }
        return null;
    }

    List<String> allocatorNames() {
        return allocators.names();
    }
}
