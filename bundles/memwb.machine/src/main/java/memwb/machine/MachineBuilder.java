package memwb.machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;
import memwb.api.machine.KernelSection;
import memwb.api.machine.MachineException;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.pfa.FrameException;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.paging.PagingMode;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Rights;
import memwb.api.vmm.VmmException;

/**
 * Boot, in the order the design gives: RAM and map, the kernel image reserved, the allocator's
 * metadata placed just below the kernel and reserved, the GDT written into a frame of its own.
 */
final class MachineBuilder {
    /** A 64-bit TSS is 104 bytes (Intel SDM vol. 3A, 8.7). */
    static final int TSS_SIZE = 104;
    /** Where in the GDT's frame the TSS goes: after a table of up to 16 slots. */
    static final int TSS_OFFSET = 0x80;

    private MachineBuilder() {
    }

    static BootedMachine boot(BootPlan plan, Services services, FrameAllocatorProvider provider) {
        EventLog events = new EventLog();
        PhysicalMemory ram = services.ramFactory().create(plan.map());
        DescriptorCodec codec = services.codec();
        events.record("boot", -1, String.format(Locale.ROOT, "RAM: %d regions, limit 0x%x, %d MiB usable",
                plan.map().regions().size(), plan.map().limit(), plan.map().usableBytes() >> 20));

        long kernelStart = plan.kernel().get(0).physStart();
        FrameAllocator inner;
        try {
            inner = provider.create(ram, kernelStart, InitialFrames.of(plan.map(), plan.kernel()), plan.allocatorOptions());
        } catch (FrameException | IllegalArgumentException e) {
            throw new MachineException(plan.name() + ": the " + provider.name() + " allocator cannot be placed: "
                    + e.getMessage() + " (move the kernel up with kernel.physStart to leave room below it)", e);
        }
        RecordingFrameAllocator frames = new RecordingFrameAllocator(inner, events);
        for (OwnedRange m : inner.metadata()) {
            events.record("boot", m.base(), String.format(Locale.ROOT, "%s metadata at 0x%x-0x%x (%d KiB), reserved",
                    inner.name(), m.base(), m.end() - 1, m.length() >> 10));
        }

        long gdtFrame = frames.allocFrame(Owner.GDT);
        if (gdtFrame == FrameAllocator.NO_FRAME) {
            throw new MachineException(plan.name() + ": no free frame left for the GDT");
        }
        List<SegmentDescriptor> table = plan.longMode()
                ? codec.longMode(gdtFrame + TSS_OFFSET, TSS_SIZE - 1)
                : codec.flatProtectedMode();
        Gdtr gdtr = codec.write(ram, gdtFrame, table, plan.longMode());
        List<OwnedRange> owned = fixedRanges(plan, gdtr);
        events.record("boot", gdtFrame, String.format(Locale.ROOT, "GDT (%s) at 0x%x, limit 0x%x",
                plan.longMode() ? "long mode" : "flat protected mode", gdtFrame, gdtr.limit()));
        Paging paging = plan.paging().enabled() ? enablePaging(plan, services, ram, frames, events) : Paging.OFF;
        return new BootedMachine(plan, ram, codec, gdtr, owned, frames, provider, events, paging);
    }

    /** What boot placed for good: the kernel's sections, the GDT and (in long mode) the TSS in the GDT's frame. */
    static List<OwnedRange> fixedRanges(BootPlan plan, Gdtr gdtr) {
        List<OwnedRange> owned = new ArrayList<>();
        for (KernelSection s : plan.kernel()) {
            owned.add(new OwnedRange(s.physStart(), s.size(), Owner.KERNEL, "kernel " + s.name() + " " + s.rights()));
        }
        owned.add(new OwnedRange(gdtr.base(), gdtr.limit() + 1L, Owner.GDT, "GDT"));
        if (plan.longMode()) {
            owned.add(new OwnedRange(gdtr.base() + TSS_OFFSET, TSS_SIZE, Owner.GDT, "TSS"));
        }
        return owned;
    }

    /** One row of the kernel address space's layout. */
    record KernelMapping(String what, long va, long pa, long length, Rights rights) {
    }

    /**
     * The paging unit, kernel space and user spaces (by name, in creation order) of a machine, or
     * none. Immutable: creating or dropping a space installs a new Paging.
     */
    record Paging(Mmu mmu, AddressSpace kernelSpace, long kernelBase, Map<String, AddressSpace> users) {
        static final Paging OFF = new Paging(null, null, -1);

        Paging {
            users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        }

        /** A machine without user spaces. */
        Paging(Mmu mmu, AddressSpace kernelSpace, long kernelBase) {
            this(mmu, kernelSpace, kernelBase, Map.of());
        }

        /** The same with {@code users} instead. */
        Paging withUsers(Map<String, AddressSpace> next) {
            return new Paging(mmu, kernelSpace, kernelBase, next);
        }
    }

    /**
     * The kernel address space as the design lays it out, a table of ranges mapped by one loop: the
     * identity-mapped low memory, then each kernel section at its higher-half address with its own
     * rights; CR4, EFER, CR3 and CR0 loaded as the mode needs, in the order a kernel does it.
     */
    static Paging enablePaging(BootPlan plan, Services services, PhysicalMemory ram, FrameAllocator frames, EventLog events) {
        PagingPlan p = plan.paging();
        PagingMode mode = services.pagingModes().choose(p.mode(), plan.name() + ": field paging.mode: ");
        ControlRegisters target = ControlRegisters.forMode(mode.name());
        Mmu mmu = services.vmm().createMmu(ram, mode, new ControlRegisters(), p.tlb());
        // As a kernel does: CR4 and EFER (NXE, LME) first, so no-execute entries are legal while the
        // tables are built; LMA appears only once CR0.PG turns on with LME.
        mmu.setCr4(target.cr4());
        mmu.setEfer(target.efer() & ~ControlRegisters.EFER_LMA);
        AddressSpace kernel;
        try {
            kernel = services.vmm().createKernelSpace(mmu, frames);
        } catch (VmmException e) {
            throw new MachineException(plan.name() + ": no frame for the kernel's root page table: " + e.getMessage(), e);
        }
        List<KernelMapping> layout = new ArrayList<>();
        for (PagingPlan.Identity id : p.identity()) {
            layout.add(new KernelMapping("identity map", id.base(), id.base(), id.length(), id.rights()));
        }
        long physStart = plan.kernel().get(0).physStart();
        for (KernelSection s : plan.kernel()) {
            layout.add(new KernelMapping("kernel " + s.name(), p.kernelBase() + (s.physStart() - physStart),
                    s.physStart(), s.size(), p.sectionRights(s)));
        }
        for (KernelMapping m : layout) {
            try {
                kernel.map(m.va(), m.pa(), m.length(), m.rights());
            } catch (VmmException | IllegalArgumentException e) {
                throw new MachineException(String.format(Locale.ROOT, "%s: cannot map %s 0x%x-0x%x -> 0x%x: %s",
                        plan.name(), m.what(), m.va(), m.va() + m.length() - 1, m.pa(), e.getMessage()), e);
            }
            events.record("vmm.map", m.va(), String.format(Locale.ROOT, "%s: 0x%x-0x%x -> 0x%x %s", m.what(), m.va(),
                    m.va() + m.length() - 1, m.pa(), m.rights()));
        }
        mmu.setCr3(kernel.cr3());
        mmu.setCr0(target.cr0());
        mmu.setEfer(target.efer());
        events.record("cpu", kernel.root(), String.format(Locale.ROOT,
                "%s paging on: CR3=0x%x CR4=0x%x EFER=0x%x CR0=0x%x; %d page-table frames", mode.name(), kernel.cr3(),
                target.cr4(), target.efer(), target.cr0(), kernel.tableFrames().length));
        return new Paging(mmu, kernel, p.kernelBase());
    }
}
