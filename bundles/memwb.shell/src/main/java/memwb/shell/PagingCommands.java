package memwb.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.machine.Numbers;
import memwb.api.vmm.Access;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageFaultException;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.Translation;

/**
 * The paging half of the console: {@code map}, {@code unmap}, {@code protect}, {@code translate},
 * {@code walk}, {@code invlpg}, {@code cr3}, {@code x} (QEMU's virtual memory dump) and
 * {@code export}. The {@code info mem|tlb|registers} listings are in {@link MachineCommands}. All of
 * them act on the address space CR3 holds ({@link SpaceCommands}); a map, unmap or protect of a
 * kernel-half address goes to the kernel space's shared tables, so every space sees it.
 */
@Component(service = PagingCommands.class, property = {
        "osgi.command.scope=memwb",
        "osgi.command.function=map", "osgi.command.function=unmap", "osgi.command.function=protect",
        "osgi.command.function=translate", "osgi.command.function=walk", "osgi.command.function=invlpg",
        "osgi.command.function=cr3", "osgi.command.function=x", "osgi.command.function=export" })
public final class PagingCommands {
    @Reference
    private MachineService machines;

    private final MemoryDump dump = new MemoryDump();

    public PagingCommands() {
    }

    /** For tests: the commands over {@code machines}, as DS would inject it. */
    PagingCommands(MachineService machines) {
        this.machines = machines;
    }

    /** map VA PA LEN RIGHTS: rights any of w x u g, or - (read-only supervisor no-execute). */
    public String map(String va, String pa, String length, String rights) {
        return map(va, pa, length, rights, "");
    }

    /**
     * map VA PA LEN RIGHTS OPTIONS: comma-separated overwrite (replace a mapping), noflush (do not
     * invalidate the TLB: its old entry goes on translating), 4k, 2m, 4m or 1g (force a page size).
     */
    public String map(String va, String pa, String length, String rights, String options) {
        long v = Numbers.parse(va, "map VA");
        long p = Numbers.parse(pa, "map PA");
        long len = Numbers.parse(length, "map LEN");
        Rights r = rights(rights, "map");
        MapOptions opts = MapOptions.DEFAULT;
        for (String o : options.split(",")) {
            switch (o.trim()) {
                case "" -> { }
                case "overwrite" -> opts = opts.withOverwrite(true);
                case "noflush" -> opts = opts.withFlush(false); // leave the TLB stale, as a forgotten INVLPG does
                case "4k" -> opts = opts.withPageSize(4096);
                case "2m" -> opts = opts.withPageSize(2L << 20);
                case "4m" -> opts = opts.withPageSize(4L << 20);
                case "1g" -> opts = opts.withPageSize(1L << 30);
                default -> throw new IllegalArgumentException("map: unknown option \"" + o
                        + "\" (overwrite, noflush, 4k, 2m, 4m or 1g, comma-separated)");
            }
        }
        space(v).map(v, p, len, r, opts);
        return String.format(Locale.ROOT, "mapped 0x%x-0x%x -> 0x%x %s", v, v + len - 1, p, r);
    }

    /** unmap VA LEN: tables left empty go back to the frame allocator. */
    public String unmap(String va, String length) {
        long v = Numbers.parse(va, "unmap VA");
        long len = Numbers.parse(length, "unmap LEN");
        space(v).unmap(v, len);
        return String.format(Locale.ROOT, "unmapped 0x%x-0x%x", v, v + len - 1);
    }

    /** protect VA LEN RIGHTS */
    public String protect(String va, String length, String rights) {
        long v = Numbers.parse(va, "protect VA");
        long len = Numbers.parse(length, "protect LEN");
        Rights r = rights(rights, "protect");
        space(v).protect(v, len, r);
        return String.format(Locale.ROOT, "protected 0x%x-0x%x %s", v, v + len - 1, r);
    }

    /** translate VA: a supervisor read. */
    public String translate(String va) {
        return translate(va, "r", "kernel");
    }

    public String translate(String va, String access) {
        return translate(va, access, "kernel");
    }

    /** translate VA r|w|x user|kernel: the physical address, or the fault in Linux's words. */
    public String translate(String va, String access, String privilege) {
        long v = Numbers.parse(va, "translate VA");
        Access a = switch (access) {
            case "r", "read" -> Access.READ;
            case "w", "write" -> Access.WRITE;
            case "x", "fetch", "exec" -> Access.FETCH;
            default -> throw new IllegalArgumentException("translate: access \"" + access + "\" is not r, w or x");
        };
        Privilege p = switch (privilege) {
            case "user", "u" -> Privilege.USER;
            case "kernel", "supervisor", "k", "s" -> Privilege.SUPERVISOR;
            default -> throw new IllegalArgumentException("translate: privilege \"" + privilege + "\" is not user or kernel");
        };
        return describe(mmu().translateDetailed(v, a, p));
    }

    static String describe(Translation t) {
        if (t instanceof Mapped m) {
            return String.format(Locale.ROOT, "0x%x -> 0x%x (%s page, rights %s, TLB %s)", m.va(), m.pa(),
                    Numbers.human(m.pageSize()), m.rights(), m.tlbHit() ? "hit" : "miss");
        }
        if (t instanceof PageFault pf) {
            StringBuilder out = new StringBuilder();
            for (String line : pf.linuxLines()) {
                if (line != null && !line.isEmpty()) {
                    out.append(line).append('\n');
                }
            }
            return out.append("reason: ").append(pf.reason()).toString();
        }
        GeneralProtection gp = (GeneralProtection) t;
        return gp.linuxLine() + "\nreason: " + gp.reason();
    }

    /** walk VA: every level's table, index, entry and rights, and whether the TLB agrees. */
    public String walk(String va) {
        return String.join("\n", mmu().walk(Numbers.parse(va, "walk VA")).lines());
    }

    /** invlpg VA: drops the TLB entry of one page. */
    public String invlpg(String va) {
        long v = Numbers.parse(va, "invlpg VA");
        mmu().invlpg(v);
        machine().record("tlb.invlpg", v, String.format(Locale.ROOT, "INVLPG 0x%x", v));
        return String.format(Locale.ROOT, "invlpg 0x%x", v);
    }

    /** cr3: shows CR3 and the address space it points at. */
    public String cr3() {
        Machine m = machine();
        return String.format(Locale.ROOT, "CR3=0x%016x (%s)", Shell.mmu(m).registers().cr3(),
                m.currentSpace().map(s -> "space " + s.name()).orElse("no space of this machine"));
    }

    /** cr3 ADDR: loads CR3 (dropping every non-global TLB entry), as MOV CR3 does; space use NAME loads a space's. */
    public String cr3(String value) {
        long v = Numbers.parse(value, "cr3 ADDR");
        mmu().setCr3(v);
        machine().record("tlb.flush", v, String.format(Locale.ROOT, "CR3 loaded with 0x%x: non-global TLB entries dropped", v));
        return cr3();
    }

    /** x ADDR: virtual memory with the last format. */
    public String x(String addr) {
        return x(null, addr);
    }

    /** x /FMT VA: QEMU's virtual memory dump (supervisor reads); a fault prints Linux's #PF lines. */
    public String x(String fmt, String addr) {
        Mmu mmu = mmu();
        MemoryDump.Reader reader = (a, buf, length) -> {
            try {
                mmu.readVirtual(a, buf, 0, length, Privilege.SUPERVISOR);
                return null;
            } catch (PageFaultException e) {
                return "\n" + describe(e.fault());
            }
        };
        return dump.x(reader, fmt, Numbers.parse(addr, "x VA"));
    }

    /** export DIR: ram.bin, registers.json, qemu.txt (how to load them into QEMU), machine.json, frames.json. */
    public String export(String dir) {
        Path path = Path.of(dir);
        machines.export(path);
        return "exported to " + path.toAbsolutePath() + "; see qemu.txt there to load it into qemu-system-x86_64";
    }

    private static Rights rights(String text, String command) {
        try {
            return Rights.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(command + ": " + e.getMessage());
        }
    }

    private Machine machine() {
        return Shell.machine(machines);
    }

    private Mmu mmu() {
        return Shell.mmu(machine());
    }

    /**
     * The space a change at {@code va} goes to: the current space (CR3's), or the kernel space for a
     * kernel-half address, whose tables every user space shares.
     */
    private AddressSpace space(long va) {
        Machine m = machine();
        Shell.mmu(m);
        return m.spaceFor(va);
    }

    static List<String> functions() {
        return List.of("map", "unmap", "protect", "translate", "walk", "invlpg", "cr3", "x", "export");
    }
}
