package memwb.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.machine.Numbers;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.Owner;

/**
 * The console, in the manner of QEMU's monitor and the Bochs debugger: {@code boot}, {@code info},
 * {@code palloc}, {@code pfree}, {@code xp}, {@code use}. Errors are exceptions with a message that
 * says what was wrong, so {@code memwb --exec} exits non-zero naming the command.
 */
@Component(service = MachineCommands.class, property = {
        "osgi.command.scope=memwb",
        "osgi.command.function=boot", "osgi.command.function=info", "osgi.command.function=palloc",
        "osgi.command.function=pfree", "osgi.command.function=xp", "osgi.command.function=use",
        "osgi.command.function=savemap", "osgi.command.function=save", "osgi.command.function=open" })
public final class MachineCommands {
    static final String INFO_USAGE = """
            info map       the firmware memory map (Linux e820 wording) and what the workbench placed in it
            info gdt       the GDT decoded from RAM (Bochs format)
            info frames    the frame allocator: counts and every run of frames by state and owner
            info machine   what was booted
            info events [N]  the last N things the machine did (default 20)
            info mem [-v]  mapped ranges as QEMU prints them (-v: with execute and effective rights)
            info tlb       every present leaf as QEMU prints it
            info registers GDTR, CR0-CR4 and EFER as QEMU prints them
            info cache     the modelled TLB: geometry, entries, hits and misses
            (savemap FILE [e820|json|sysfs] writes the map in a form boot reads back)""";

    @Reference
    private MachineService machines;
    @Reference
    private MemoryMapFormat mapFormat;
    @Reference
    private DescriptorCodec codec;

    private final MemoryDump dump = new MemoryDump();

    /** boot FILE: a machine spec (JSON), or a bare memory map with defaults for the rest. */
    public String boot(String file) {
        Machine m = machines.boot(Path.of(file));
        return "booted " + m.name() + "\n" + Reports.machine(m);
    }

    /** boot --image DIR: restores a machine written by export. */
    public String boot(String option, String dir) {
        if (!option.equals("--image")) {
            throw new IllegalArgumentException("boot: unknown option \"" + option + "\" (boot FILE, or boot --image DIR)");
        }
        Machine m = machines.bootImage(Path.of(dir));
        return "booted " + m.name() + " from the image in " + dir + "\n" + Reports.machine(m);
    }

    public String info() {
        return INFO_USAGE;
    }

    public String info(String what) {
        return info(what, null);
    }

    public String info(String what, String arg) {
        Machine m = machine();
        return switch (what) {
            case "map" -> Reports.map(m, mapFormat);
            case "gdt" -> codec.infoGdt(m.gdtr(), m.gdt());
            case "frames" -> Reports.frames(m.frames());
            case "machine" -> Reports.machine(m);
            case "mem" -> "-v".equals(arg) ? mmu(m).infoMemVerbose() : mmu(m).infoMem();
            case "tlb" -> mmu(m).infoTlb();
            case "registers" -> Reports.registers(m);
            case "cache" -> Reports.tlb(mmu(m));
            case "events" -> {
                int n = arg == null ? 20 : (int) Numbers.parse(arg, "info events N");
                List<memwb.api.machine.MachineEvent> all = m.events(0);
                yield Reports.events(all.subList(Math.max(0, all.size() - n), all.size()));
            }
            default -> throw new IllegalArgumentException("info: unknown item \"" + what + "\"; try:\n" + INFO_USAGE);
        };
    }

    /** palloc: one frame (the notes' kalloc_frame). */
    public String palloc() {
        FrameAllocator frames = machine().frames();
        long pa = frames.allocFrame(Owner.KERNEL_DATA);
        if (pa == FrameAllocator.NO_FRAME) {
            throw outOfFrames(frames, 1);
        }
        return Numbers.hex16(pa);
    }

    /** palloc N: N contiguous frames. */
    public String palloc(String n) {
        return palloc(n, "0x1000");
    }

    /** palloc N ALIGN: N contiguous frames starting at a multiple of ALIGN bytes. */
    public String palloc(String n, String align) {
        long count = Numbers.parse(n, "palloc N");
        long alignBytes = Numbers.parse(align, "palloc ALIGN");
        if (count < 1) {
            throw new IllegalArgumentException("palloc: N must be at least 1, not " + n);
        }
        if (alignBytes < FrameAllocator.FRAME_SIZE || Long.bitCount(alignBytes) != 1) {
            throw new IllegalArgumentException("palloc: ALIGN " + align + " must be a power of two of at least 4 KiB (0x1000)");
        }
        FrameAllocator frames = machine().frames();
        long pa = frames.allocContiguous(count, alignBytes / FrameAllocator.FRAME_SIZE, Owner.KERNEL_DATA);
        if (pa == FrameAllocator.NO_FRAME) {
            throw outOfFrames(frames, count);
        }
        return count == 1 ? Numbers.hex16(pa)
                : String.format(Locale.ROOT, "0x%016x-0x%016x (%d frames)", pa, pa + count * FrameAllocator.FRAME_SIZE - 1, count);
    }

    /** pfree ADDR: frees one frame (the notes' kfree_frame); refused frees leave everything as it was. */
    public String pfree(String addr) {
        long pa = Numbers.parse(addr, "pfree ADDR");
        machine().frames().freeFrame(pa);
        return "freed " + Numbers.hex16(pa);
    }

    /** pfree ADDR N: frees a run from palloc N. */
    public String pfree(String addr, String n) {
        long pa = Numbers.parse(addr, "pfree ADDR");
        long count = Numbers.parse(n, "pfree N");
        machine().frames().freeContiguous(pa, count);
        return String.format(Locale.ROOT, "freed %d frames at 0x%016x", count, pa);
    }

    /** xp ADDR with the last format. */
    public String xp(String addr) {
        return dump.xp(machine().ram(), null, Numbers.parse(addr, "xp ADDR"));
    }

    /** xp /FMT ADDR: QEMU's physical memory dump. */
    public String xp(String fmt, String addr) {
        return dump.xp(machine().ram(), fmt, Numbers.parse(addr, "xp ADDR"));
    }

    /** savemap FILE: the machine's memory map as Linux e820 lines. */
    public String savemap(String file) {
        return savemap(file, "e820");
    }

    /** savemap FILE e820|json|sysfs: the memory map in a format {@code boot} reads back. */
    public String savemap(String file, String format) {
        java.nio.file.Path path = Path.of(file);
        memwb.api.ram.MemoryMap map = machine().memoryMap();
        try {
            switch (format) {
                case "e820" -> java.nio.file.Files.writeString(path, mapFormat.formatE820(map));
                case "json" -> java.nio.file.Files.writeString(path, mapFormat.formatMultibootJson(map));
                case "sysfs" -> mapFormat.writeSysfs(map, path);
                default -> throw new IllegalArgumentException("savemap: unknown format \"" + format + "\" (e820, json or sysfs)");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("savemap: cannot write " + file + ": " + e.getMessage(), e);
        }
        return "wrote " + map.regions().size() + " regions to " + file + " (" + format + ")";
    }

    /** use: what is installed and active. */
    public String use() {
        Machine m = machines.current().orElse(null);
        return "pfa: " + String.join(", ", machines.frameAllocators()) + " (active: " + (m == null ? "-" : m.frames().name()) + ")\n"
                + "heap: " + String.join(", ", machines.heaps()) + " (active: "
                + (m == null ? "-" : m.heap().map(h -> h.name()).orElse("none")) + ")\n"
                + "paging: " + String.join(", ", machines.pagingModes()) + " (active: " + (m == null ? "-" : m.pagingMode()) + ")";
    }

    /** use pfa|heap|paging NAME: hot-swaps that part of the running machine, migrating its state. */
    public String use(String what, String name) {
        switch (what) {
            case "pfa" -> {
                machines.useFrameAllocator(name);
                return "frame allocator is now " + machine().frames().name();
            }
            case "heap" -> {
                machines.useHeap(name);
                return "heap is now " + machine().heap().map(h -> h.name()).orElse("none") + ", every live block kept";
            }
            case "paging" -> {
                machines.usePagingMode(name);
                return "paging mode is now " + machine().pagingMode() + ", every mapping kept\n" + Reports.registers(machine());
            }
            default -> throw new IllegalArgumentException("use: unknown service \"" + what
                    + "\" (use pfa NAME, use heap NAME, use paging MODE)");
        }
    }

    /** save FILE: the whole machine in one snapshot file. */
    public String save(String file) {
        machines.save(Path.of(file));
        return "saved " + machine().name() + " to " + file;
    }

    /** open FILE: a machine saved by save, exactly as it was. */
    public String open(String file) {
        Machine m = machines.open(Path.of(file));
        return "opened " + file + "\n" + Reports.machine(m);
    }

    private static memwb.api.vmm.Mmu mmu(Machine m) {
        return m.mmu().orElseThrow(() -> new IllegalStateException("paging is off on this machine"));
    }

    private Machine machine() {
        return machines.current().orElseThrow(() -> new IllegalStateException("no machine is booted (use boot FILE)"));
    }

    private static IllegalStateException outOfFrames(FrameAllocator frames, long wanted) {
        FrameStats s = frames.stats();
        return new IllegalStateException(String.format(Locale.ROOT,
                "palloc: out of frames: %d wanted, %d free, largest free run %d frames; nothing was allocated",
                wanted, s.free(), s.largestFreeRun()));
    }
}
