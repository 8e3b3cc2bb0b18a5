package memwb.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import memwb.api.ram.PhysicalMemoryFactory;

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

    static BootedMachine boot(BootPlan plan, PhysicalMemoryFactory ramFactory, DescriptorCodec codec,
            FrameAllocatorProvider provider) {
        EventLog events = new EventLog();
        PhysicalMemory ram = ramFactory.create(plan.map());
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

        List<OwnedRange> owned = new ArrayList<>();
        for (KernelSection s : plan.kernel()) {
            owned.add(new OwnedRange(s.physStart(), s.size(), Owner.KERNEL, "kernel " + s.name() + " " + s.rights()));
        }
        long gdtFrame = frames.allocFrame(Owner.GDT);
        if (gdtFrame == FrameAllocator.NO_FRAME) {
            throw new MachineException(plan.name() + ": no free frame left for the GDT");
        }
        List<SegmentDescriptor> table = plan.longMode()
                ? codec.longMode(gdtFrame + TSS_OFFSET, TSS_SIZE - 1)
                : codec.flatProtectedMode();
        Gdtr gdtr = codec.write(ram, gdtFrame, table, plan.longMode());
        owned.add(new OwnedRange(gdtFrame, gdtr.limit() + 1L, Owner.GDT, "GDT"));
        if (plan.longMode()) {
            owned.add(new OwnedRange(gdtFrame + TSS_OFFSET, TSS_SIZE, Owner.GDT, "TSS"));
        }
        events.record("boot", gdtFrame, String.format(Locale.ROOT, "GDT (%s) at 0x%x, limit 0x%x",
                plan.longMode() ? "long mode" : "flat protected mode", gdtFrame, gdtr.limit()));
        return new BootedMachine(plan.name(), ram, plan.kernel(), codec, gdtr, plan.longMode(), owned, frames, events);
    }
}
