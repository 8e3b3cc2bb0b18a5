package memwb.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.machine.KernelSection;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineEvent;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mmu;

/** A booted machine. The frame allocator can be replaced (hot swap); everything else is fixed at boot. */
final class BootedMachine implements Machine {
    private final BootPlan plan;
    private final String name;
    private final PhysicalMemory ram;
    private final List<KernelSection> kernel;
    private final DescriptorCodec codec;
    private final Gdtr gdtr;
    private final boolean longMode;
    private final List<OwnedRange> fixedRanges;
    private final EventLog events;
    private final MachineBuilder.Paging paging;
    private volatile RecordingFrameAllocator frames;
    private volatile FrameAllocatorProvider provider;
    private volatile long swaps;

    BootedMachine(BootPlan plan, PhysicalMemory ram, DescriptorCodec codec, Gdtr gdtr, List<OwnedRange> fixedRanges,
            RecordingFrameAllocator frames, FrameAllocatorProvider provider, EventLog events, MachineBuilder.Paging paging) {
        this.provider = provider;
        this.plan = plan;
        this.name = plan.name();
        this.ram = ram;
        this.kernel = List.copyOf(plan.kernel());
        this.codec = codec;
        this.gdtr = gdtr;
        this.longMode = plan.longMode();
        this.fixedRanges = List.copyOf(fixedRanges);
        this.frames = frames;
        this.events = events;
        this.paging = paging;
    }

    BootPlan plan() {
        return plan;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PhysicalMemory ram() {
        return ram;
    }

    @Override
    public MemoryMap memoryMap() {
        return ram.memoryMap();
    }

    @Override
    public List<KernelSection> kernelSections() {
        return kernel;
    }

    @Override
    public List<OwnedRange> ownedRanges() {
        List<OwnedRange> all = new ArrayList<>(fixedRanges);
        all.addAll(frames.metadata());
        all.sort((a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return all;
    }

    @Override
    public Gdtr gdtr() {
        return gdtr;
    }

    @Override
    public boolean longMode() {
        return longMode;
    }

    @Override
    public List<GdtEntry> gdt() {
        return codec.read(ram, gdtr, longMode);
    }

    @Override
    public FrameAllocator frames() {
        return frames;
    }

    EventLog eventLog() {
        return events;
    }

    RecordingFrameAllocator recordingFrames() {
        return frames;
    }

    /** The implementation the active allocator came from. */
    FrameAllocatorProvider provider() {
        return provider;
    }

    /** Installs a new allocator that has already adopted the old one's state; page tables come from it now. */
    void replaceFrames(RecordingFrameAllocator next, FrameAllocatorProvider from) {
        frames = next;
        provider = from;
        if (paging.kernelSpace() != null) {
            paging.kernelSpace().useFrameAllocator(next);
        }
        swaps++;
    }

    @Override
    public String pagingMode() {
        return paging.mmu() == null ? "off" : paging.mmu().mode().name();
    }

    @Override
    public Optional<Mmu> mmu() {
        return Optional.ofNullable(paging.mmu());
    }

    @Override
    public Optional<AddressSpace> kernelSpace() {
        return Optional.ofNullable(paging.kernelSpace());
    }

    @Override
    public long kernelVirtualBase() {
        return paging.mmu() == null ? kernel.get(0).physStart() : paging.kernelBase();
    }

    @Override
    public Optional<memwb.api.heap.Heap> heap() {
        return Optional.empty(); // TODO heaps
    }

    @Override
    public long version() {
        long v = ram.version() + frames.version() + swaps + events.lastSequence();
        return paging.mmu() == null ? v : v + paging.mmu().version() + paging.kernelSpace().version();
    }

    @Override
    public List<MachineEvent> events(long fromSequence) {
        return events.since(fromSequence);
    }

    @Override
    public void record(String kind, long address, String message) {
        events.record(kind, address, message);
    }

    static OwnedRange range(long base, long length, Owner owner, String label) {
        return new OwnedRange(base, length, owner, label);
    }
}
