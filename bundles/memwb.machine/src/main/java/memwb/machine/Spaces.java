package memwb.machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineException;
import memwb.api.machine.NamedSpace;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.VmmException;

/**
 * The address spaces of a booted machine, as an OS keeps processes: the kernel space and named user
 * spaces, each a root of its own whose kernel half points at the kernel's shared tables. CR3 says
 * which is current. Callers hold the machine's lock; every refusal leaves the machine as it was.
 */
final class Spaces {
    /** A space name: a word an OS developer would type (p1, init, shell-2). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private Spaces() {
    }

    /** The kernel space first, then the user spaces in creation order; empty with paging off. */
    static List<NamedSpace> list(MachineBuilder.Paging paging) {
        if (paging.mmu() == null) {
            return List.of();
        }
        List<NamedSpace> all = new ArrayList<>();
        all.add(new NamedSpace(Machine.KERNEL_SPACE, paging.kernelSpace()));
        paging.users().forEach((name, space) -> all.add(new NamedSpace(name, space)));
        return all;
    }

    /** The space whose root CR3 holds, or empty. */
    static Optional<NamedSpace> current(MachineBuilder.Paging paging) {
        if (paging.mmu() == null) {
            return Optional.empty();
        }
        Mmu mmu = paging.mmu();
        long root = mmu.mode().rootTable(mmu.registers().cr3());
        return list(paging).stream().filter(s -> s.space().root() == root).findFirst();
    }

    /** The kernel space for kernel-half addresses, else the current space. */
    static AddressSpace spaceFor(MachineBuilder.Paging paging, long va) {
        AddressSpace kernel = requirePaging(paging);
        if (Long.compareUnsigned(va, kernel.kernelHalfStart()) >= 0) {
            return kernel;
        }
        return current(paging).map(NamedSpace::space).orElseThrow(() -> new MachineException(String.format(Locale.ROOT,
                "CR3=0x%x points at no address space of this machine: load one with space use NAME (or space use kernel)",
                paging.mmu().registers().cr3())));
    }

    /** A new user space named {@code name}; returns the machine's paging with it added. */
    static MachineBuilder.Paging create(MachineBuilder.Paging paging, String name) {
        AddressSpace kernel = requirePaging(paging);
        checkName(name);
        if (paging.users().containsKey(name)) {
            throw new MachineException("space new: a space named \"" + name + "\" exists already (CR3=0x"
                    + Long.toHexString(paging.users().get(name).cr3()) + "); drop it first or pick another name");
        }
        AddressSpace user;
        try {
            user = kernel.createUserSpace();
        } catch (VmmException e) {
            throw new MachineException("space new " + name + ": " + e.getMessage() + "; nothing changed", e);
        }
        Map<String, AddressSpace> users = new LinkedHashMap<>(paging.users());
        users.put(name, user);
        return paging.withUsers(users);
    }

    /** Loads CR3 with space {@code name}'s root; returns that space. */
    static NamedSpace use(MachineBuilder.Paging paging, String name) {
        NamedSpace space = find(paging, name, "space use");
        paging.mmu().setCr3(space.cr3());
        return space;
    }

    /** Destroys user space {@code name}; returns the machine's paging without it. */
    static MachineBuilder.Paging drop(MachineBuilder.Paging paging, String name) {
        NamedSpace space = find(paging, name, "space drop");
        if (space.isKernel()) {
            throw new MachineException("space drop: the kernel space cannot be dropped: every user space shares its tables");
        }
        if (current(paging).map(c -> c.name().equals(name)).orElse(false)) {
            throw new MachineException("space drop " + name + ": it is the current space (CR3=0x"
                    + Long.toHexString(space.cr3()) + "); switch away first with space use kernel");
        }
        try {
            space.space().destroy();
        } catch (VmmException e) {
            throw new MachineException("space drop " + name + ": " + e.getMessage(), e);
        }
        Map<String, AddressSpace> users = new LinkedHashMap<>(paging.users());
        users.remove(name);
        return paging.withUsers(users);
    }

    private static NamedSpace find(MachineBuilder.Paging paging, String name, String command) {
        requirePaging(paging);
        for (NamedSpace s : list(paging)) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        List<String> known = list(paging).stream().map(NamedSpace::name).toList();
        throw new MachineException(command + ": no space named \"" + name + "\" (spaces: " + String.join(", ", known) + ")");
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MachineException("space new: name \"" + name + "\" is not 1 to 32 letters, digits, '-', '_' or '.'");
        }
        if (name.equals(Machine.KERNEL_SPACE)) {
            throw new MachineException("space new: \"kernel\" names the kernel space; pick another name");
        }
    }

    private static AddressSpace requirePaging(MachineBuilder.Paging paging) {
        if (paging.mmu() == null) {
            throw new MachineException("this machine has paging off: address spaces need paging (boot a spec with paging.mode)");
        }
        return paging.kernelSpace();
    }
}
