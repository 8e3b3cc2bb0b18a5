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
        out.append(String.format(Locale.ROOT, "GDT: %s, GDTR base=0x%x limit=0x%x%n",
                m.longMode() ? "long mode" : "flat protected mode", m.gdtr().base(), m.gdtr().limit()));
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
