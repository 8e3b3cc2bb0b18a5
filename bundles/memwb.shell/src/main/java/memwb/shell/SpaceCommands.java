package memwb.shell;

import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.machine.NamedSpace;
import memwb.api.vmm.AddressSpace;

/**
 * Address spaces as processes: {@code space} lists them, {@code space new NAME} makes a user space
 * sharing the kernel half, {@code space use NAME|kernel} loads its CR3, {@code space drop NAME}
 * gives its own tables back. {@code map}, {@code translate} and the rest act on the space CR3 holds.
 */
@Component(service = SpaceCommands.class, property = {
        "osgi.command.scope=memwb", "osgi.command.function=space" })
public final class SpaceCommands {
    static final String USAGE = "space | space new NAME | space use NAME|kernel | space drop NAME";

    @Reference
    private MachineService machines;

    public SpaceCommands() {
    }

    /** For tests: the commands over {@code machines}, as DS would inject it. */
    SpaceCommands(MachineService machines) {
        this.machines = machines;
    }

    /** space: every address space with its CR3, the 4 KiB pages and table frames of its own half; * marks the current one. */
    public String space() {
        Machine m = Shell.machine(machines);
        Shell.mmu(m);
        AddressSpace kernel = m.kernelSpace().orElseThrow();
        String current = m.currentSpace().map(NamedSpace::name).orElse(null);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  %-12s %-18s %10s %7s%n", "NAME", "CR3", "PAGES",
                "TABLES"));
        for (NamedSpace s : m.spaces()) {
            out.append(String.format(Locale.ROOT, "%s %-12s 0x%016x %10d %7d%n", s.name().equals(current) ? "*" : " ",
                    s.name(), s.cr3(), s.ownPages(), s.ownTables(kernel).length));
        }
        if (current == null) {
            out.append(String.format(Locale.ROOT, "CR3=0x%x points at none of them (space use NAME loads one)%n",
                    m.mmu().orElseThrow().registers().cr3()));
        }
        return out.append("(a user space's pages and tables are its lower half's; the kernel half is the kernel's, shared)")
                .toString();
    }

    /** space new NAME | space use NAME | space drop NAME. */
    public String space(String verb, String name) {
        Machine m = Shell.machine(machines);
        Shell.mmu(m);
        return switch (verb) {
            case "new" -> {
                NamedSpace s = m.createSpace(name);
                yield String.format(Locale.ROOT, "space %s: CR3=0x%016x, kernel half shared (space use %s to switch)", name,
                        s.cr3(), name);
            }
            case "use" -> {
                NamedSpace s = m.useSpace(name);
                yield String.format(Locale.ROOT, "CR3=0x%016x (%s): non-global TLB entries dropped", s.cr3(), s.name());
            }
            case "drop" -> {
                m.dropSpace(name);
                yield "dropped space " + name + ": its page tables went back to the frame allocator";
            }
            default -> throw new IllegalArgumentException("space: unknown verb \"" + verb + "\" (" + USAGE + ")");
        };
    }
}
