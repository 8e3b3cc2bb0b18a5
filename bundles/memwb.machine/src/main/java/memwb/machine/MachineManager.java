package memwb.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import memwb.api.gdt.Gdtr;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapProvider;
import memwb.api.heap.HeapState;
import memwb.api.machine.KernelSection;
import memwb.api.machine.MachineException;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.ImageHeader;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.VmmException;

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
        startHeap(machine, plan.heap(), plan.heapOptions(), source.name() + ": field heap: ");
        current = machine;
        return machine;
    }

    Optional<BootedMachine> current() {
        return Optional.ofNullable(current);
    }

    /** The current machine, for operations that need one. @throws MachineException saying how to boot one */
    private BootedMachine booted() {
        return current().orElseThrow(() -> new MachineException("no machine is booted (use boot FILE)"));
    }

    /**
     * Hot swap: the named allocator adopts every frame's state from the active one; its metadata goes
     * into free RAM below the kernel and the old metadata frames are released. Refused, with nothing
     * changed, if the new allocator would lose or change any allocated frame.
     */
    void useFrameAllocator(String name) {
        BootedMachine machine = booted();
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

    /**
     * Gives a machine with paging its kernel heap: the named implementation, or the best installed.
     * With none installed the machine runs without one and says so; one arriving later is started then.
     */
    private void startHeap(BootedMachine machine, String wanted, Map<String, String> options, String where) {
        if (machine.heapLayout() == null) {
            return;
        }
        if (wanted == null && services.heaps().best().isEmpty()) {
            machine.record("heap", -1, "no heap is installed: the machine runs without a kernel heap until one is");
            return;
        }
        HeapProvider provider = services.heaps().choose(wanted, where);
        HeapMemory range = machine.heapRange(0);
        Heap heap;
        try {
            heap = provider.create(range, null, options);
        } catch (HeapException e) {
            throw new MachineException(where + e.getMessage(), e);
        }
        machine.installHeap(heap, provider);
        machine.record("heap", range.base(), String.format(Locale.ROOT, "%s heap at 0x%x-0x%x", provider.name(),
                range.base(), range.limit() - 1));
    }

    /**
     * Hot swap of the kernel heap: the named heap adopts every live block at its address with its
     * bytes, or refuses and nothing changes. Also starts a heap on a machine that has none.
     */
    void useHeap(String name) {
        BootedMachine machine = booted();
        if (machine.heapLayout() == null) {
            throw new MachineException("this machine has paging off: a kernel heap lives in the kernel address space");
        }
        swapHeap(machine, services.heaps().choose(name, ""));
    }

    private static void swapHeap(BootedMachine machine, HeapProvider provider) {
        synchronized (machine) {
            Heap old = machine.heap().orElse(null);
            HeapState state = old != null ? old.exportState() : machine.orphanedHeap();
            Heap next;
            try {
                next = provider.create(machine.heapRange(0), state, Map.of());
            } catch (HeapException e) {
                throw new MachineException("switch to the " + provider.name() + " heap refused: " + e.getMessage()
                        + "; nothing changed", e);
            }
            machine.installHeap(next, provider);
            machine.record("swap", -1, String.format(Locale.ROOT, "heap %s -> %s: %d live blocks kept at their addresses",
                    old == null ? "none" : old.name(), next.name(), state == null ? 0 : state.live().size()));
        }
    }

    /**
     * A heap implementation arrived: a machine without a heap starts it (adopting the blocks of a heap
     * whose bundle went); one that ranks above the active heap replaces it, as a swap does.
     */
    void heapAdded(HeapProvider provider) {
        BootedMachine machine = current;
        if (machine == null || machine.heapLayout() == null) {
            return;
        }
        HeapProvider active = machine.heapProvider();
        if (active != null && services.heaps().ranking(provider) <= services.heaps().ranking(active)) {
            return;
        }
        try {
            if (active == null && machine.orphanedHeap() == null) {
                startHeap(machine, provider.name(), Map.of(), "");
            } else {
                swapHeap(machine, provider);
            }
        } catch (MachineException e) {
            machine.record("swap", -1, "the " + provider.name() + " heap arrived but could not take over: " + e.getMessage());
        }
    }

    /** The active heap's bundle went: the best heap left adopts its blocks; with none left they wait in RAM. */
    void heapRemoved(HeapProvider gone) {
        BootedMachine machine = current;
        if (machine == null || machine.heapProvider() != gone) {
            return;
        }
        Optional<HeapProvider> next = services.heaps().best();
        if (next.isPresent()) {
            try {
                swapHeap(machine, next.get());
                return;
            } catch (MachineException e) {
                machine.record("swap", -1, "falling back from the " + gone.name() + " heap failed: " + e.getMessage());
            }
        }
        HeapState blocks = machine.heap().map(Heap::exportState).orElse(null);
        machine.orphanHeap(blocks);
        machine.record("swap", -1, "the " + gone.name() + " heap's bundle stopped and no other heap could take over: "
                + (blocks == null ? 0 : blocks.live().size()) + " live blocks stay in RAM until a heap is installed");
    }

    /** A frame allocator arrived: one ranked above the active allocator replaces it, migrating every frame. */
    void allocatorAdded(FrameAllocatorProvider provider) {
        BootedMachine machine = current;
        if (machine == null || services.allocators().ranking(provider) <= services.allocators().ranking(machine.provider())) {
            return;
        }
        try {
            swap(machine, provider);
        } catch (MachineException e) {
            machine.record("swap", -1, "the " + provider.name() + " allocator arrived but could not take over: " + e.getMessage());
        }
    }

    /**
     * A fresh heap in a scratch range of the current machine (a range no other heap holds pages in),
     * for replays: destroy() gives its pages back and frees the range for the next one.
     */
    Heap newHeap(String name) {
        BootedMachine machine = booted();
        if (machine.heapLayout() == null) {
            throw new MachineException("this machine has paging off: heaps live in the kernel address space");
        }
        HeapProvider provider = services.heaps().choose(name, "");
        synchronized (machine) {
            for (int slot = 1; slot < machine.heapLayout().slots(); slot++) {
                HeapMemory range = machine.heapRange(slot);
                if (range.mappedPages() == 0) {
                    try {
                        return provider.create(range, null, Map.of());
                    } catch (HeapException e) {
                        throw new MachineException(e.getMessage(), e);
                    }
                }
            }
        }
        throw new MachineException("every scratch heap range is in use (" + (machine.heapLayout().slots() - 1)
                + "): destroy a heap made by newHeap first");
    }

    List<String> heapNames() {
        return services.heaps().names();
    }

    /**
     * Rebuilds the page tables in another paging mode; every mapping keeps its linear address,
     * physical address and rights, or the switch is refused naming the mapping.
     */
    void usePagingMode(String name) {
        BootedMachine machine = booted();
        PagingMode mode = services.pagingModes().choose(name, "");
        synchronized (machine) {
            MachineBuilder.Paging old = machine.paging();
            if (old.mmu() == null) {
                throw new MachineException("this machine has paging off: boot a spec with paging.mode to switch modes");
            }
            if (old.mmu().mode().name().equals(mode.name())) {
                throw new MachineException("the machine already uses " + mode.name() + " paging");
            }
            PagingSwitch.checkExpressible(old.kernelSpace().mappings(), mode);
            HeapLayout heaps = machine.heapLayout();
            long lastHeapByte = heaps.base(heaps.slots() - 1) + heaps.span() - 1;
            if (!mode.isCanonical(heaps.start()) || !mode.isCanonical(lastHeapByte)) {
                throw new MachineException(String.format(Locale.ROOT, "switch to %s paging refused: the heaps' range "
                        + "0x%x-0x%x lies outside the linear addresses it translates; nothing changed", mode.name(),
                        heaps.start(), lastHeapByte));
            }
            long tablesBefore = old.kernelSpace().tableFrames().length;
            MachineBuilder.Paging next = PagingSwitch.rebuild(old, mode, services.vmm(), machine.ram(), machine.frames());
            machine.replacePaging(next);
            machine.record("swap", next.kernelSpace().root(), String.format(Locale.ROOT,
                    "paging %s -> %s: %d kernel mappings and %d user spaces rebuilt, %d kernel page-table frames before, "
                    + "%d now; CR3=0x%x", old.mmu().mode().name(), mode.name(), next.kernelSpace().mappings().size(),
                    next.users().size(), tablesBefore, next.kernelSpace().tableFrames().length, next.mmu().registers().cr3()));
        }
    }

    /** Writes the VMM's image (ram.bin, registers.json, qemu.txt, qemu.gdb) and the machine's own files. */
    void export(Path dir) {
        BootedMachine m = booted();
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
     * registers.json, frame states from frames.json, the heap's live blocks from heap.json. Everything
     * is read and checked before the machine is built; a corrupt directory changes nothing.
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
        HeapState heap = ImageFiles.readHeap(dir);
        SpaceRoots spaces = ImageFiles.readSpaces(dir);
        FrameAllocatorProvider provider = services.allocators().choose(plan.allocator(), specFile + ": field allocator: ");
        PagingMode mode = services.pagingModes().choose(header.mode(), dir.resolve("registers.json") + ": field mode: ");
        HeapProvider heapProvider = heap == null ? null : services.heaps().choose(heap.from(), dir.resolve(ImageFiles.HEAP) + ": field heap: ");

        PhysicalMemory ram = services.ramFactory().create(plan.map());
        ControlRegisters registers = new ControlRegisters();
        try {
            services.vmm().importImage(dir, ram, registers);
        } catch (VmmException e) {
            throw new MachineException(e.getMessage(), e);
        }
        BootedMachine machine = restore(plan, ram, registers, header.gdtr(), mode, provider, plan.allocatorOptions(), frames,
                heapProvider, heap, spaces, "restored from " + dir + ": " + header.ramBytes() + " bytes of RAM image");
        current = machine;
        return machine;
    }

    /**
     * Builds a machine around RAM and registers that already hold everything (an import or a
     * snapshot): the allocator adopts the saved frame states, the kernel space is attached at its saved
     * root (where CR3 points when {@code spaces} is null: files from before user spaces) and each user
     * space is taken back at its root, the heap adopts the saved live blocks.
     */
    private BootedMachine restore(BootPlan plan, PhysicalMemory ram, ControlRegisters registers, Gdtr gdtr, PagingMode mode,
            FrameAllocatorProvider provider, Map<String, String> allocatorOptions, AllocationState frames,
            HeapProvider heapProvider, HeapState heap, SpaceRoots spaces, String how) {
        EventLog events = new EventLog();
        // The allocator's metadata goes back where it was: its frames are offered as free, and the
        // highest fit below their end is exactly there (the same allocator needs the same room).
        long metadataEnd = 0;
        List<FrameRun> runs = new ArrayList<>();
        for (FrameRun r : frames.runs()) {
            boolean metadata = r.state() == FrameState.RESERVED && r.owner() == Owner.ALLOCATOR_METADATA;
            metadataEnd = metadata ? (r.firstFrame() + r.count()) * FrameAllocator.FRAME_SIZE : metadataEnd;
            runs.add(metadata ? new FrameRun(r.firstFrame(), r.count(), FrameState.FREE, Owner.NONE) : r);
        }
        long below = metadataEnd > 0 ? metadataEnd : plan.kernel().get(0).physStart();
        RecordingFrameAllocator recording;
        try {
            recording = new RecordingFrameAllocator(provider.create(ram, below,
                    new AllocationState(frames.frameCount(), runs), allocatorOptions), events);
        } catch (RuntimeException e) {
            throw new MachineException(plan.name() + ": the " + provider.name() + " allocator cannot adopt the saved frames: "
                    + e.getMessage(), e);
        }
        MachineBuilder.Paging paging = MachineBuilder.Paging.OFF;
        if (mode != null) {
            Mmu mmu = services.vmm().createMmu(ram, mode, registers, plan.paging().tlb());
            SpaceRoots roots = spaces != null ? spaces : SpaceRoots.kernelOnly(mode.rootTable(registers.cr3()));
            AddressSpace kernel;
            try {
                kernel = services.vmm().attachKernelSpace(mmu, recording, roots.kernelRoot());
            } catch (VmmException e) {
                throw new MachineException(plan.name() + ": the kernel space: " + e.getMessage(), e);
            }
            Map<String, AddressSpace> users = new LinkedHashMap<>();
            for (SpaceRoots.User u : roots.users()) {
                users.put(u.name(), AdoptedUserSpace.adopt(kernel, recording, ram, u.root(), plan.name() + ": space " + u.name()));
            }
            paging = new MachineBuilder.Paging(mmu, kernel, plan.paging().kernelBase(), users);
        }
        events.record("boot", -1, how + (mode == null ? "" : ", CR3=0x" + Long.toHexString(registers.cr3())));
        BootedMachine machine = new BootedMachine(plan, ram, services.codec(), gdtr, MachineBuilder.fixedRanges(plan, gdtr),
                recording, provider, events, paging);
        if (heapProvider != null) {
            try {
                machine.installHeap(heapProvider.create(machine.heapRange(0), heap, Map.of()), heapProvider);
            } catch (HeapException e) {
                throw new MachineException(plan.name() + ": the " + heapProvider.name()
                        + " heap cannot adopt the saved blocks: " + e.getMessage(), e);
            }
        }
        return machine;
    }

    /** Saves the current machine to one snapshot file (see {@link SnapshotFile}). */
    void save(Path file) {
        BootedMachine m = booted();
        synchronized (m) {
            SnapshotFile.write(file, snapshot(m));
        }
        m.record("snapshot", -1, "saved to " + file);
    }

    private static SnapshotData snapshot(BootedMachine m) {
        Map<String, Long> registers = new LinkedHashMap<>();
        m.mmu().ifPresent(mmu -> {
            ControlRegisters r = mmu.registers();
            registers.put("cr0", r.cr0());
            registers.put("cr2", r.cr2());
            registers.put("cr3", r.cr3());
            registers.put("cr4", r.cr4());
            registers.put("efer", r.efer());
            registers.put("rflags", r.rflags());
        });
        BootPlan plan = m.plan();
        Map<String, String> options = m.frames().name().equals(plan.allocator()) || plan.allocator() == null
                ? plan.allocatorOptions() : Map.of();
        Heap heap = m.heap().orElse(null);
        return new SnapshotData(ImageFiles.spec(m).toString(), registers, m.gdtr().base(), m.gdtr().limit(), m.pagingMode(),
                m.frames().name(), options, m.frames().exportState(), heap == null ? null : heap.name(),
                heap == null ? List.of() : heap.exportState().live(),
                m.paging().mmu() == null ? null : SpaceRoots.of(m.paging()), ramChunks(m.ram()));
    }

    /** Every touched chunk's installed bytes (a chunk can straddle the edge of a region or a hole). */
    private static List<SnapshotData.RamChunk> ramChunks(PhysicalMemory ram) {
        List<SnapshotData.RamChunk> chunks = new ArrayList<>();
        for (long chunk : ram.touchedChunks()) {
            long end = chunk + PhysicalMemory.CHUNK_SIZE;
            for (MemoryRegion r : ram.memoryMap().regions()) {
                long from = Math.max(chunk, r.base());
                long to = Math.min(end, r.base() + r.length());
                if (from < to) {
                    byte[] bytes = new byte[(int) (to - from)];
                    ram.read(from, bytes, 0, bytes.length);
                    chunks.add(new SnapshotData.RamChunk(from, bytes));
                }
            }
        }
        return chunks;
    }

    /**
     * Opens a snapshot: the file is read and checked whole, then a machine is rebuilt from it. Any
     * problem is refused with the reason and the current machine stays.
     */
    BootedMachine open(Path file) {
        SnapshotData data = SnapshotFile.read(file);
        String where = file + ": spec";
        SpecReader.Result read = SpecReader.read(data.spec(), where);
        BootPlan plan = BootPlan.resolve(read.spec(), read.source(), file.toAbsolutePath().getParent(), services.mapFormat());
        boolean paging = !data.pagingMode().equals("off");
        ControlRegisters registers = new ControlRegisters();
        if (paging) {
            for (String r : List.of("cr0", "cr2", "cr3", "cr4", "efer", "rflags")) {
                if (!data.registers().containsKey(r)) {
                    throw new MachineException(file + ": field registers." + r + ": missing");
                }
            }
            Map<String, Long> r = data.registers();
            registers = new ControlRegisters(r.get("cr0"), r.get("cr2"), r.get("cr3"), r.get("cr4"), r.get("efer"), r.get("rflags"));
            if (!registers.pagingModeName().equals(data.pagingMode())) {
                throw new MachineException(file + ": field pagingMode: \"" + data.pagingMode() + "\" but the registers select "
                        + registers.pagingModeName());
            }
        }
        PagingMode mode = paging ? services.pagingModes().choose(data.pagingMode(), file + ": field pagingMode: ") : null;
        FrameAllocatorProvider provider = services.allocators().choose(data.frameAllocator(), file + ": field allocator: ");
        HeapProvider heapProvider = data.heap() == null ? null : services.heaps().choose(data.heap(), file + ": field heap: ");
        PhysicalMemory ram = services.ramFactory().create(plan.map());
        writeChunks(file, ram, data.ram());
        BootedMachine machine = restore(plan, ram, registers, new Gdtr(data.gdtrBase(), data.gdtrLimit()), mode, provider,
                data.allocatorOptions(), data.frames(), heapProvider,
                heapProvider == null ? null : new HeapState(data.heap(), data.heapBlocks()), data.spaces(), "opened " + file);
        // No saved byte is put back after the adoptions: a heap keeps host copies of what it wrote
        // (list heads, pages it mapped or gave back), and older bytes put back over them left a heap
        // whose check failed. A heap that finds itself in RAM takes it back as it is (TLSF reopens).
        current = machine;
        return machine;
    }

    private static void writeChunks(Path file, PhysicalMemory ram, List<SnapshotData.RamChunk> chunks) {
        for (SnapshotData.RamChunk c : chunks) {
            if (!ram.isInstalled(c.address()) || !ram.isInstalled(c.address() + c.bytes().length - 1)) {
                throw new MachineException(String.format(Locale.ROOT, "%s: RAM chunk at 0x%x (%d bytes) lies outside the "
                        + "machine's memory map", file, c.address(), c.bytes().length));
            }
            ram.write(c.address(), c.bytes(), 0, c.bytes().length);
        }
    }
}
