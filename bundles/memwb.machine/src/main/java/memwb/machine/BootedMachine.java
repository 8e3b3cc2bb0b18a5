package memwb.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapProvider;
import memwb.api.heap.HeapState;
import memwb.api.machine.KernelSection;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineEvent;
import memwb.api.machine.NamedSpace;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mmu;
import memwb.heap.support.VmmHeapMemory;

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
    private volatile MachineBuilder.Paging paging;
    /** Where heaps go in the kernel address space; null with paging off. */
    private final HeapLayout heapLayout;
    private final HeapMemory[] heapRanges;
    private volatile Heap heap;
    private volatile HeapProvider heapProvider;
    /** The live blocks of a heap whose bundle went with no other heap installed: adopted by the next one. */
    private volatile HeapState orphanedHeap;
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
        this.heapLayout = paging.mmu() == null ? null : layout(plan, paging);
        this.heapRanges = new HeapMemory[heapLayout == null ? 0 : heapLayout.slots()];
    }

    private static HeapLayout layout(BootPlan plan, MachineBuilder.Paging paging) {
        List<KernelSection> k = plan.kernel();
        long kernelEnd = paging.kernelBase() + (k.get(k.size() - 1).physEnd() - k.get(0).physStart());
        return HeapLayout.after(kernelEnd, HeapLayout.addressSpaceEnd(paging.kernelBase(),
                paging.mmu().mode().linearAddressBits()));
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
    public List<NamedSpace> spaces() {
        return Spaces.list(paging);
    }

    @Override
    public Optional<NamedSpace> currentSpace() {
        return Spaces.current(paging);
    }

    @Override
    public AddressSpace spaceFor(long va) {
        return Spaces.spaceFor(paging, va);
    }

    @Override
    public synchronized NamedSpace createSpace(String name) {
        paging = Spaces.create(paging, name);
        swaps++; // a new object's counter joins version(): weighting keeps the sum rising
        AddressSpace user = paging.users().get(name);
        record("space.new", user.root(), String.format(Locale.ROOT, "space %s: root 0x%x, CR3=0x%x, kernel half shared",
                name, user.root(), user.cr3()));
        return new NamedSpace(name, user);
    }

    @Override
    public synchronized NamedSpace useSpace(String name) {
        NamedSpace space = Spaces.use(paging, name);
        record("space.use", space.space().root(), String.format(Locale.ROOT,
                "CR3 loaded with 0x%x (space %s): non-global TLB entries dropped", space.cr3(), name));
        return space;
    }

    @Override
    public synchronized void dropSpace(String name) {
        AddressSpace gone = paging.users().get(name);
        long tables = gone == null ? 0 : new NamedSpace(name, gone).ownTables(paging.kernelSpace()).length;
        paging = Spaces.drop(paging, name);
        swaps++; // its counter leaves version()
        record("space.drop", gone.root(), String.format(Locale.ROOT, "space %s dropped: %d page-table frames freed",
                name, tables));
    }

    @Override
    public long kernelVirtualBase() {
        return paging.mmu() == null ? kernel.get(0).physStart() : paging.kernelBase();
    }

    @Override
    public Optional<Heap> heap() {
        return Optional.ofNullable(heap);
    }

    HeapLayout heapLayout() {
        return heapLayout;
    }

    /**
     * Heap range {@code slot} (0: the kernel heap), made on first use. Every access goes through the
     * paging unit and kernel space active at that moment, so a paging-mode swap is invisible to heaps.
     */
    synchronized HeapMemory heapRange(int slot) {
        if (heapRanges[slot] == null) {
            heapRanges[slot] = new VmmHeapMemory(() -> paging.mmu(), () -> paging.kernelSpace(), heapLayout.base(slot),
                    heapLayout.limit(slot));
        }
        return heapRanges[slot];
    }

    HeapProvider heapProvider() {
        return heapProvider;
    }

    /** Installs the kernel heap (at boot, on a swap, or when a heap bundle arrives). */
    void installHeap(Heap next, HeapProvider from) {
        heap = next;
        heapProvider = from;
        orphanedHeap = null;
        swaps++;
    }

    /** The heap's bundle went and no other heap is installed: keep its blocks for the next one. */
    void orphanHeap(HeapState blocks) {
        heap = null;
        heapProvider = null;
        orphanedHeap = blocks;
        swaps++;
    }

    HeapState orphanedHeap() {
        return orphanedHeap;
    }

    MachineBuilder.Paging paging() {
        return paging;
    }

    /** Installs page tables rebuilt in another mode (they already hold every mapping). */
    void replacePaging(MachineBuilder.Paging next) {
        paging = next;
        swaps++;
    }

    @Override
    public long version() {
        // A swap brings fresh counters (a new allocator, paging unit or heap): weighting swaps keeps the sum rising.
        MachineBuilder.Paging p = paging;
        Heap h = heap;
        long v = ram.version() + frames.version() + (swaps << 40) + events.lastSequence() + (h == null ? 0 : h.version());
        if (p.mmu() == null) {
            return v;
        }
        v += p.mmu().version() + p.kernelSpace().version();
        for (AddressSpace user : p.users().values()) {
            v += user.version();
        }
        return v;
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
