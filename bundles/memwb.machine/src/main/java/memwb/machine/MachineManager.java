package memwb.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import java.util.ArrayList;

import memwb.api.machine.KernelSection;
import memwb.api.paging.PagingMode;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.ImageHeader;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.VmmException;
import memwb.api.machine.MachineException;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;

/**
 * Boots machines and holds the current one; swaps the frame allocator of a running machine. Plain
 * Java: {@link MachineComponent} is its OSGi face. A failed boot or swap changes nothing.
 */
final class MachineManager {
    private final Services services;
    private volatile BootedMachine current;

    MachineManager(Services services) {
        this.services = services;
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
        BootPlan plan = BootPlan.resolve(spec, source, baseDir == null ? Path.of(".") : baseDir, services.mapFormat());
        FrameAllocatorProvider provider = services.allocators().choose(plan.allocator(), source.name() + ": field allocator: ");
        BootedMachine machine = MachineBuilder.boot(plan, services, provider);
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
        swap(machine, services.allocators().choose(name, ""));
    }

    /**
     * The bundle behind the active allocator went away (DS has already dropped it from the
     * registry): migrate to the best allocator left, as a swap does. With none left the machine
     * keeps the state it has and says so; it moves on when one is installed.
     */
    void allocatorRemoved(FrameAllocatorProvider gone) {
        BootedMachine machine = current;
        if (machine == null || machine.provider() != gone) {
            return;
        }
        Optional<FrameAllocatorProvider> next = services.allocators().best();
        if (next.isEmpty()) {
            machine.record("swap", -1, "the " + gone.name() + " allocator's bundle stopped and no other frame allocator is "
                    + "installed: the machine keeps its frames as they are until one is");
            return;
        }
        try {
            swap(machine, next.get());
        } catch (MachineException e) {
            machine.record("swap", -1, "falling back from " + gone.name() + " failed: " + e.getMessage());
        }
    }

    private static void swap(BootedMachine machine, FrameAllocatorProvider provider) {
        String name = provider.name();
        synchronized (machine) {
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
            machine.replaceFrames(new RecordingFrameAllocator(next, machine.eventLog()), provider);
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
        return services.allocators().names();
    }

    /** Writes the VMM's image (ram.bin, registers.json, qemu.txt, qemu.gdb) and the machine's own files. */
    void export(Path dir) {
        BootedMachine m = current().orElseThrow(() -> new MachineException("no machine is booted (use boot FILE)"));
        Mmu mmu = m.mmu().orElseThrow(() -> new MachineException(
                "export writes an image for QEMU with paging on; this machine has paging off"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MachineException(dir + ": cannot create: " + e.getMessage(), e);
        }
        services.vmm().exportImage(dir, m.ram(), mmu.registers(), m.gdtr(), mmu.mode().name());
        ImageFiles.write(dir, m);
        m.record("export", -1, "exported to " + dir);
    }

    /**
     * Restores an export: the spec from machine.json, RAM and registers from ram.bin and
     * registers.json, frame states from frames.json. Everything is read and checked before the
     * machine is built; a corrupt directory changes nothing.
     */
    BootedMachine bootImage(Path dir) {
        Path specFile = dir.resolve(ImageFiles.SPEC);
        String json;
        try {
            json = Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MachineException(specFile + ": cannot read (is " + dir + " an export directory?): " + e.getMessage(), e);
        }
        SpecReader.Result read = SpecReader.read(json, specFile.toString());
        BootPlan plan = BootPlan.resolve(read.spec(), read.source(), dir, services.mapFormat());
        if (!plan.paging().enabled()) {
            throw new MachineException(specFile + ": field paging.mode: an image needs paging on");
        }
        ImageHeader header;
        try {
            header = services.vmm().readImageHeader(dir);
        } catch (VmmException e) {
            throw new MachineException(e.getMessage(), e);
        }
        AllocationState frames = ImageFiles.readFrames(dir);
        FrameAllocatorProvider provider = services.allocators().choose(plan.allocator(), specFile + ": field allocator: ");
        PagingMode mode = services.pagingModes().choose(header.mode(), dir.resolve("registers.json") + ": field mode: ");

        EventLog events = new EventLog();
        PhysicalMemory ram = services.ramFactory().create(plan.map());
        ControlRegisters registers = new ControlRegisters();
        try {
            services.vmm().importImage(dir, ram, registers);
        } catch (VmmException e) {
            throw new MachineException(e.getMessage(), e);
        }
        long kernelStart = plan.kernel().get(0).physStart();
        RecordingFrameAllocator recording = new RecordingFrameAllocator(
                provider.create(ram, kernelStart, frames, plan.allocatorOptions()), events);
        Mmu mmu = services.vmm().createMmu(ram, mode, registers, plan.paging().tlb());
        long root = registers.cr3() & (mode.name().equals("pae") ? 0xffffffe0L : 0x000ffffffffff000L);
        AddressSpace kernel = services.vmm().attachKernelSpace(mmu, recording, root);
        List<OwnedRange> owned = new ArrayList<>();
        for (KernelSection s : plan.kernel()) {
            owned.add(new OwnedRange(s.physStart(), s.size(), Owner.KERNEL, "kernel " + s.name() + " " + s.rights()));
        }
        owned.add(new OwnedRange(header.gdtr().base(), header.gdtr().limit() + 1L, Owner.GDT, "GDT"));
        events.record("boot", -1, "restored from " + dir + ": " + header.ramBytes() + " bytes of RAM image, CR3=0x"
                + Long.toHexString(registers.cr3()));
        BootedMachine machine = new BootedMachine(plan, ram, services.codec(), header.gdtr(), owned, recording, provider, events,
                new MachineBuilder.Paging(mmu, kernel, plan.paging().kernelBase()));
        current = machine;
        return machine;
    }
}
