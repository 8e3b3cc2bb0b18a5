package memwb.scenario.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import memwb.api.heap.Heap;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.machine.NamedSpace;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.api.view.Location;
import memwb.api.vmm.Access;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFaultException;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.Translation;
import memwb.scenario.Step;

/**
 * Carries out one step's operation on the current machine, as the console's commands would: frames
 * for palloc are owned by "kernel data", a map's rights use the console's letters, read and write go
 * through the MMU with little-endian values. A refused operation throws with the component's own
 * message; a faulting read, write or translate is a result, not an error.
 */
public final class Operations {
    /** Widths in bytes a read or write may use. */
    private static final int MAX_WIDTH = 8;
    private final MachineService machines;
    private final Map<String, Long> kept;

    public Operations(MachineService machines, Map<String, Long> kept) {
        this.machines = machines;
        this.kept = kept;
    }

    /** Runs {@code step}; its errors are the machine's, or an IllegalArgumentException naming a bad argument. */
    public Outcome run(Step step) {
        return switch (step.op()) {
            case "palloc" -> palloc(step);
            case "pfree" -> pfree(step);
            case "malloc" -> heapResult(step, "malloc(" + arg(step, "size") + ")", heap().malloc(num(step, "size")));
            case "calloc" -> heapResult(step, "calloc(" + arg(step, "count") + ", " + arg(step, "size") + ")",
                    heap().calloc(num(step, "count"), num(step, "size")));
            case "realloc" -> heapResult(step, "realloc(" + Values.hex(num(step, "va")) + ", " + arg(step, "size") + ")",
                    heap().realloc(num(step, "va"), num(step, "size")));
            case "free" -> {
                long va = num(step, "va");
                heap().free(va);
                yield Outcome.of("free(" + Values.hex(va) + ")", Location.virtual(va, 1, "freed block"));
            }
            case "map" -> map(step);
            case "unmap" -> {
                long va = num(step, "va");
                long length = num(step, "length");
                space(va).unmap(va, length, MapOptions.DEFAULT.withFlush(flag(step, "flush", true)));
                yield Outcome.of("unmapped " + range(va, length), Location.virtual(va, length, "unmapped"));
            }
            case "protect" -> {
                long va = num(step, "va");
                long length = num(step, "length");
                Rights rights = Rights.parse(arg(step, "rights"));
                space(va).protect(va, length, rights, MapOptions.DEFAULT.withFlush(flag(step, "flush", true)));
                yield Outcome.of("protected " + range(va, length) + " as " + rights, Location.virtual(va, length, "protected"));
            }
            case "translate" -> translate(step);
            case "read" -> read(step);
            case "write" -> write(step);
            case "invlpg" -> {
                long va = num(step, "va");
                mmu().invlpg(va);
                yield Outcome.of("invlpg " + Values.hex(va), Location.virtual(va, FrameAllocator.FRAME_SIZE, "invalidated"));
            }
            case "cr3" -> {
                long value = step.arg("value") == null ? mmu().registers().cr3() : num(step, "value");
                mmu().setCr3(value);
                yield Outcome.of("mov cr3, " + Values.hex(value), Location.physical(value & -FrameAllocator.FRAME_SIZE,
                        FrameAllocator.FRAME_SIZE, "root table"));
            }
            case "cr0" -> cr0(step);
            case "space" -> space(step);
            case "use" -> use(step);
            case "export" -> {
                machines.export(Path.of(arg(step, "dir")));
                yield Outcome.of("exported to " + arg(step, "dir"), null);
            }
            case "boot" -> {
                Machine m = step.arg("machineFile") != null ? machines.boot(Path.of(arg(step, "machineFile")))
                        : machines.bootSpec(arg(step, "machine"), "step " + step.number() + " machine");
                yield Outcome.of("booted " + m.name() + " (" + m.pagingMode() + " paging, kernel at "
                        + Values.hex(m.kernelVirtualBase()) + ")", Location.virtual(m.kernelVirtualBase(), 1, "kernel"));
            }
            case "note" -> Outcome.of(step.arg("text") == null ? "note" : step.arg("text"), null);
            default -> throw new IllegalArgumentException("unknown operation \"" + step.op() + "\"");
        };
    }

    private Outcome palloc(Step step) {
        FrameAllocator frames = machine().frames();
        if (flag(step, "all", false)) {
            long count = 0;
            long last = FrameAllocator.NO_FRAME;
            for (long pa; (pa = frames.allocFrame(Owner.KERNEL_DATA)) != FrameAllocator.NO_FRAME; count++) {
                last = pa;
            }
            return new Outcome("palloc until NO_FRAME: " + count + " frames, the last at " + Values.hex(last),
                    last == FrameAllocator.NO_FRAME ? null : last, last == FrameAllocator.NO_FRAME, null, count,
                    last == FrameAllocator.NO_FRAME ? null : Location.physical(last, FrameAllocator.FRAME_SIZE, "last frame"));
        }
        long count = step.arg("count") == null ? 1 : num(step, "count");
        long align = step.arg("align") == null ? FrameAllocator.FRAME_SIZE : num(step, "align");
        if (count < 1 || align < FrameAllocator.FRAME_SIZE || Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("palloc: count must be at least 1 and align a power of two of at least 0x1000"
                    + " (count " + count + ", align " + Values.hex(align) + ")");
        }
        long pa = count == 1 && align == FrameAllocator.FRAME_SIZE ? frames.allocFrame(Owner.KERNEL_DATA)
                : frames.allocContiguous(count, align / FrameAllocator.FRAME_SIZE, Owner.KERNEL_DATA);
        String call = count == 1 ? "palloc()" : "palloc(" + count + ", align " + Values.hex(align) + ")";
        if (pa == FrameAllocator.NO_FRAME) {
            return new Outcome(call + " = NO_FRAME", null, true, null, null, null);
        }
        return new Outcome(call + " = " + Values.hex(pa), pa, false, null, null,
                Location.physical(pa, count * FrameAllocator.FRAME_SIZE, "allocated frame"));
    }

    private Outcome pfree(Step step) {
        long pa = num(step, "pa");
        long count = step.arg("count") == null ? 1 : num(step, "count");
        FrameAllocator frames = machine().frames();
        if (count == 1) {
            frames.freeFrame(pa);
        } else {
            frames.freeContiguous(pa, count);
        }
        return Outcome.of("pfree(" + Values.hex(pa) + (count == 1 ? "" : ", " + count) + ")",
                Location.physical(pa, count * FrameAllocator.FRAME_SIZE, "freed frame"));
    }

    private Outcome heapResult(Step step, String call, long va) {
        if (va == 0) {
            return new Outcome(call + " = NULL", null, true, null, null, null);
        }
        return new Outcome(call + " = " + Values.hex(va), va, false, null, null, Location.virtual(va, 1, "heap block"));
    }

    private Outcome map(Step step) {
        long va = num(step, "va");
        long pa = num(step, "pa");
        long length = num(step, "length");
        Rights rights = Rights.parse(step.arg("rights") == null ? "-" : arg(step, "rights"));
        MapOptions options = new MapOptions(step.arg("pageSize") == null ? 0 : num(step, "pageSize"),
                flag(step, "overwrite", false), flag(step, "flush", true));
        space(va).map(va, pa, length, rights, options);
        return Outcome.of("mapped " + range(va, length) + " to PA " + Values.hex(pa) + " " + rights
                + (options.pageSize() == 0 ? "" : " in " + Values.hex(options.pageSize()) + "-byte pages")
                + (options.flush() ? "" : " without INVLPG"), Location.virtual(va, length, "mapped"));
    }

    private Outcome translate(Step step) {
        long va = num(step, "va");
        Access access = access(step);
        Privilege privilege = privilege(step);
        Translation t = mmu().translateDetailed(va, access, privilege);
        String how = privilege.name().toLowerCase(Locale.ROOT) + " " + access.name().toLowerCase(Locale.ROOT);
        if (t instanceof Mapped m) {
            return new Outcome("translate " + Values.hex(va) + " (" + how + ") = PA " + Values.hex(m.pa()) + ", "
                    + Values.hex(m.pageSize()) + "-byte page, " + m.rights() + ", TLB " + (m.tlbHit() ? "hit" : "miss"),
                    m.pa(), false, t, null, Location.virtual(va, 1, "translated"));
        }
        return new Outcome("translate " + Values.hex(va) + " (" + how + "): " + describe(t), null, false, t, null,
                Location.virtual(va, 1, "fault"));
    }

    private Outcome read(Step step) {
        long va = num(step, "va");
        int width = width(step);
        byte[] bytes = new byte[width];
        try {
            mmu().readVirtual(va, bytes, 0, width, privilege(step));
        } catch (PageFaultException e) {
            return new Outcome("read " + bytes(width) + " at " + Values.hex(va) + ": " + describe(e.fault()), null, false,
                    e.fault(), null, Location.virtual(va, width, "fault"));
        }
        long value = ByteBuffer.wrap(java.util.Arrays.copyOf(bytes, MAX_WIDTH)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new Outcome("read " + bytes(width) + " at " + Values.hex(va) + " = " + Values.hex(value), null, false, null,
                value, Location.virtual(va, width, "read"));
    }

    private Outcome write(Step step) {
        long va = num(step, "va");
        int width = width(step);
        long value = num(step, "value");
        byte[] bytes = java.util.Arrays.copyOf(ByteBuffer.allocate(MAX_WIDTH).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(value).array(), width);
        try {
            mmu().writeVirtual(va, bytes, 0, width, privilege(step));
        } catch (PageFaultException e) {
            return new Outcome("write " + bytes(width) + " at " + Values.hex(va) + ": " + describe(e.fault()), null, false,
                    e.fault(), null, Location.virtual(va, width, "fault"));
        }
        return new Outcome("wrote " + Values.hex(value) + " (" + bytes(width) + ") at " + Values.hex(va), null, false, null,
                null, Location.virtual(va, width, "written"));
    }

    private Outcome cr0(Step step) {
        ControlRegisters regs = mmu().registers();
        long value;
        if (step.arg("value") != null) {
            value = num(step, "value");
        } else {
            boolean wp = Values.bool(arg(step, "wp"), "wp");
            value = wp ? regs.cr0() | ControlRegisters.CR0_WP : regs.cr0() & ~ControlRegisters.CR0_WP;
        }
        mmu().setCr0(value);
        return Outcome.of("mov cr0, " + Values.hex(value) + " (WP=" + (regs.wp() ? 1 : 0) + ", PG=" + (regs.paging() ? 1 : 0)
                + ")", null);
    }

    private Outcome use(Step step) {
        String name = arg(step, "name");
        switch (arg(step, "what")) {
            case "pfa" -> machines.useFrameAllocator(name);
            case "heap" -> machines.useHeap(name);
            case "paging" -> machines.usePagingMode(name);
            default -> throw new IllegalArgumentException("what: \"" + arg(step, "what") + "\" is not pfa, heap or paging");
        }
        return Outcome.of(arg(step, "what") + " is now " + name, null);
    }

    static String describe(Translation t) {
        if (t instanceof memwb.api.vmm.PageFault pf) {
            return "#PF error code " + Values.hex(pf.errorCode()) + " (" + pf.linuxErrorLine().substring(5) + "), CR2="
                    + Values.hex(pf.cr2()) + ": " + pf.reason();
        }
        if (t instanceof memwb.api.vmm.GeneralProtection gp) {
            return "#GP: " + gp.reason();
        }
        return t.toString();
    }

    private static String bytes(int width) {
        return width == 1 ? "1 byte" : width + " bytes";
    }

    private static String range(long va, long length) {
        return Values.hex(va) + "-" + Values.hex(va + length - 1);
    }

    private int width(Step step) {
        long width = step.arg("width") == null ? MAX_WIDTH : num(step, "width");
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width: " + width + " is not 1, 2, 4 or 8 bytes");
        }
        return (int) width;
    }

    private static Access access(Step step) {
        String a = step.arg("access") == null ? "read" : step.arg("access");
        return switch (a) {
            case "read", "r" -> Access.READ;
            case "write", "w" -> Access.WRITE;
            case "fetch", "x" -> Access.FETCH;
            default -> throw new IllegalArgumentException("access: \"" + a + "\" is not read, write or fetch");
        };
    }

    private static Privilege privilege(Step step) {
        String p = step.arg("privilege") == null ? "supervisor" : step.arg("privilege");
        return switch (p) {
            case "supervisor", "kernel" -> Privilege.SUPERVISOR;
            case "user" -> Privilege.USER;
            default -> throw new IllegalArgumentException("privilege: \"" + p + "\" is not supervisor or user");
        };
    }

    private long num(Step step, String name) {
        return Values.number(arg(step, name), kept, name);
    }

    private static String arg(Step step, String name) {
        String v = step.arg(name);
        if (v == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        return v;
    }

    private static boolean flag(Step step, String name, boolean otherwise) {
        return step.arg(name) == null ? otherwise : Values.bool(step.arg(name), name);
    }

    private Machine machine() {
        return machines.current().orElseThrow(() -> new IllegalStateException("no machine is booted"));
    }

    private Mmu mmu() {
        return machine().mmu().orElseThrow(() -> new IllegalStateException("paging is off on this machine"));
    }

    /** The space a change at {@code va} goes to: the current one, or the shared kernel tables for the kernel half. */
    private AddressSpace space(long va) {
        mmu();
        return machine().spaceFor(va);
    }

    /** space new|use|drop NAME, as the console's space command; new and use give the space's CR3. */
    private Outcome space(Step step) {
        String verb = arg(step, "verb");
        String name = arg(step, "name");
        Machine m = machine();
        mmu();
        NamedSpace s = switch (verb) {
            case "new" -> m.createSpace(name);
            case "use" -> m.useSpace(name);
            case "drop" -> {
                m.dropSpace(name);
                yield null;
            }
            default -> throw new IllegalArgumentException("space: verb \"" + verb + "\" is not new, use or drop");
        };
        if (s == null) {
            return Outcome.of("dropped space " + name, null);
        }
        long root = s.space().root();
        return new Outcome((verb.equals("new") ? "created space " : "mov cr3 to space ") + name + ": CR3=" + Values.hex(s.cr3()),
                s.cr3(), false, null, null, Location.physical(root, FrameAllocator.FRAME_SIZE, "root table of " + name));
    }

    private Heap heap() {
        return machine().heap().orElseThrow(() -> new IllegalStateException(
                "this machine has no kernel heap (paging off, or no heap implementation installed)"));
    }
}
