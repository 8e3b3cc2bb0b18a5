package memwb.shell;

import java.util.List;
import java.util.Locale;

import memwb.api.machine.KernelSection;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineEvent;
import memwb.api.machine.Numbers;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.OwnedRange;

/** The text of the {@code info} commands: plain, aligned, easy to diff against Linux or QEMU. */
final class Reports {
    private Reports() {
    }

    /** Linux's boot-time listing of the firmware map, then what the workbench placed in it. */
    static String map(Machine m, MemoryMapFormat format) {
        StringBuilder out = new StringBuilder("BIOS-provided physical RAM map:\n");
        out.append(format.formatE820(m.memoryMap()));
        if (!out.toString().endsWith("\n")) {
            out.append('\n');
        }
        out.append("Workbench overlay:\n");
        for (OwnedRange r : m.ownedRanges()) {
            out.append(String.format(Locale.ROOT, "  [mem 0x%016x-0x%016x] %-18s %s%n", r.base(), r.end() - 1,
                    r.owner().label(), r.label()));
        }
        return out.toString();
    }

    /** The allocator's own description, the counts, then every run of frames that share a state and owner. */
    static String frames(FrameAllocator frames) {
        FrameStats s = frames.stats();
        StringBuilder out = new StringBuilder(frames.describe().stripTrailing()).append('\n');
        out.append(String.format(Locale.ROOT,
                "frames: %d total, %d free (%s), %d allocated, %d reserved; largest free run %d frames (%s)%n",
                s.total(), s.free(), Numbers.human(s.free() * FrameAllocator.FRAME_SIZE), s.allocated(), s.reserved(),
                s.largestFreeRun(), Numbers.human(s.largestFreeRun() * FrameAllocator.FRAME_SIZE)));
        for (FrameRun r : frames.exportState().runs()) {
            out.append(String.format(Locale.ROOT, "0x%016x-0x%016x %9d %-9s %s%n", r.base(), r.end() - 1, r.count(),
                    r.state().name().toLowerCase(Locale.ROOT),
                    r.state() == FrameState.FREE ? "" : r.owner().label()));
        }
        return out.toString();
    }

    static String machine(Machine m) {
        StringBuilder out = new StringBuilder();
        out.append("machine ").append(m.name()).append('\n');
        out.append(String.format(Locale.ROOT, "RAM: %s usable, physical limit 0x%x, %d map regions%n",
                Numbers.human(m.memoryMap().usableBytes()), m.memoryMap().limit(), m.memoryMap().regions().size()));
        out.append("kernel image:\n");
        for (KernelSection s : m.kernelSections()) {
            out.append(String.format(Locale.ROOT, "  %-10s 0x%016x-0x%016x %s %s%n", s.name(), s.physStart(),
                    s.physEnd() - 1, s.rights(), Numbers.human(s.size())));
        }
        out.append("frame allocator: ").append(m.frames().name()).append('\n');
        out.append("paging: ").append(m.pagingMode());
        m.mmu().ifPresent(mmu -> out.append(String.format(Locale.ROOT,
                ", kernel at 0x%x, CR3=0x%x (%s), %d kernel page-table frames, %d user spaces", m.kernelVirtualBase(),
                mmu.registers().cr3(), m.currentSpace().map(s -> "space " + s.name()).orElse("no space of this machine"),
                m.kernelSpace().orElseThrow().tableFrames().length, m.spaces().size() - 1)));
        out.append('\n');
        out.append(String.format(Locale.ROOT, "GDT: %s, GDTR base=0x%x limit=0x%x%n",
                m.longMode() ? "long mode" : "flat protected mode", m.gdtr().base(), m.gdtr().limit()));
        return out.toString();
    }

    /** QEMU's info registers lines for what the workbench models: GDT, CR0-CR4, EFER. */
    static String registers(Machine m) {
        memwb.api.vmm.ControlRegisters r = m.mmu().map(memwb.api.vmm.Mmu::registers)
                .orElseGet(memwb.api.vmm.ControlRegisters::new);
        boolean lma = (r.efer() & memwb.api.vmm.ControlRegisters.EFER_LMA) != 0;
        StringBuilder out = new StringBuilder();
        if (lma) {
            out.append(String.format(Locale.ROOT, "GDT=     %016x %08x%n", m.gdtr().base(), m.gdtr().limit()));
            out.append(String.format(Locale.ROOT, "CR0=%08x CR2=%016x CR3=%016x CR4=%08x%n", r.cr0() & 0xffffffffL,
                    r.cr2(), r.cr3(), r.cr4() & 0xffffffffL));
        } else {
            out.append(String.format(Locale.ROOT, "GDT=     %08x %08x%n", m.gdtr().base() & 0xffffffffL, m.gdtr().limit()));
            out.append(String.format(Locale.ROOT, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x%n", r.cr0() & 0xffffffffL,
                    r.cr2() & 0xffffffffL, r.cr3() & 0xffffffffL, r.cr4() & 0xffffffffL));
        }
        out.append(String.format(Locale.ROOT, "EFER=%016x%n", r.efer()));
        return out.toString();
    }

    /** The modelled TLB: geometry, counters and every valid entry. */
    static String tlb(memwb.api.vmm.Mmu mmu) {
        memwb.api.vmm.TlbConfig c = mmu.tlbConfig();
        memwb.api.vmm.TlbStats s = mmu.tlbStats();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "TLB: 4 KiB %d entries %d-way, large %d entries %d-way; %d hits, %d misses (%.1f%% hits), %d fills, %d evictions, %d invlpg, %d flushes%n",
                c.entries4k(), c.ways4k(), c.entriesLarge(), c.waysLarge(), s.hits(), s.misses(), 100 * s.hitRate(),
                s.fills(), s.evictions(), s.invlpgs(), s.flushes()));
        for (memwb.api.vmm.TlbEntryInfo e : mmu.tlbEntries()) {
            out.append(String.format(Locale.ROOT, "  set %2d way %d: 0x%016x -> 0x%016x %s %s%s%n", e.set(), e.way(), e.va(),
                    e.pa(), memwb.api.machine.Numbers.human(e.pageSize()), e.rights(), e.global() ? " global" : ""));
        }
        return out.toString();
    }

    static String events(List<MachineEvent> events) {
        StringBuilder out = new StringBuilder();
        for (MachineEvent e : events) {
            out.append(String.format(Locale.ROOT, "%6d %-14s %s%n", e.sequence(), e.kind(), e.message()));
        }
        return out.toString();
    }
}
