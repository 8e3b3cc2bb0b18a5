package memwb.machine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import memwb.api.machine.MachineException;
import memwb.api.machine.NamedSpace;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Vmm;
import memwb.api.vmm.VmmException;

/**
 * Rebuilds a running machine's address spaces in another paging mode: every mapping of the old
 * kernel space, and of each user space's own half, is mapped again in the new format (same linear address, physical address and rights, the
 * largest pages the new mode allows), then the new root is loaded and the old tables' frames are
 * released. A mapping the new mode cannot express is refused by name before a frame is taken; a
 * failure half way through gives every new table back, so the machine is never left between modes.
 */
final class PagingSwitch {
    /** Control-register bits that say which paging mode is on; the others (WP, SMEP, SMAP, PGE, NXE...) carry over. */
    private static final long CR4_MODE_BITS = ControlRegisters.CR4_PAE | ControlRegisters.CR4_PSE | ControlRegisters.CR4_LA57;
    private static final long EFER_MODE_BITS = ControlRegisters.EFER_LME | ControlRegisters.EFER_LMA;

    private PagingSwitch() {
    }

    /**
     * The new paging unit, kernel space and user spaces (same names, each user space's own half
     * mapped again over the new kernel space's shared half), already loaded into the new Mmu's
     * registers with CR3 at the space that was current.
     */
    static MachineBuilder.Paging rebuild(MachineBuilder.Paging old, PagingMode mode, Vmm vmm, PhysicalMemory ram,
            FrameAllocator frames) {
        AddressSpace oldSpace = old.kernelSpace();
        List<Mapping> mappings = oldSpace.mappings();
        checkExpressible(mappings, mode);
        Map<String, List<Mapping>> userMappings = new LinkedHashMap<>();
        old.users().forEach((name, u) -> userMappings.put(name, ownMappings(new NamedSpace(name, u))));
        userMappings.forEach((name, list) -> checkExpressible("space " + name + ": ", list, mode));
        ControlRegisters was = old.mmu().registers();
        ControlRegisters target = ControlRegisters.forMode(mode.name());
        long cr4 = (was.cr4() & ~CR4_MODE_BITS) | (target.cr4() & CR4_MODE_BITS);
        // 32-bit paging has no XD bit: NXE means nothing there, so it follows the target.
        long nxe = mode.hasExecuteDisable() ? ControlRegisters.EFER_NXE : 0;
        long efer = (was.efer() & ~(EFER_MODE_BITS | ControlRegisters.EFER_NXE)) | (target.efer() & EFER_MODE_BITS) | nxe;
        Mmu mmu = vmm.createMmu(ram, mode, new ControlRegisters(), old.mmu().tlbConfig());
        mmu.setCr4(cr4);
        mmu.setEfer(efer & ~ControlRegisters.EFER_LMA);
        mmu.setRflags(was.rflags());
        AddressSpace space;
        try {
            space = vmm.createKernelSpace(mmu, frames);
        } catch (VmmException e) {
            throw new MachineException("switch to " + mode.name() + " paging refused: no frame for the root table: "
                    + e.getMessage() + "; nothing changed", e);
        }
        Map<String, AddressSpace> users = new LinkedHashMap<>();
        try {
            remap(space, "", mappings, mode);
            for (Map.Entry<String, List<Mapping>> u : userMappings.entrySet()) {
                String where = "space " + u.getKey() + ": ";
                AddressSpace user;
                try {
                    user = space.createUserSpace();
                } catch (VmmException e) {
                    throw new MachineException("switch to " + mode.name() + " paging refused: " + where
                            + "no frame for its root table: " + e.getMessage() + "; nothing changed", e);
                }
                users.put(u.getKey(), user);
                remap(user, where, u.getValue(), mode);
            }
        } catch (MachineException e) {
            users.values().forEach(AddressSpace::destroy);
            release(space, frames);
            throw e;
        }
        long wasRoot = old.mmu().mode().rootTable(was.cr3());
        AddressSpace current = space;
        for (Map.Entry<String, AddressSpace> u : old.users().entrySet()) {
            current = u.getValue().root() == wasRoot ? users.get(u.getKey()) : current;
        }
        mmu.setCr3(current.cr3());
        mmu.setCr0(was.cr0());
        mmu.setEfer(efer);
        old.users().values().forEach(AddressSpace::destroy);
        release(oldSpace, frames);
        return new MachineBuilder.Paging(mmu, space, old.kernelBase(), users);
    }

    /** Maps every one of {@code mappings} into {@code space}; refuses naming {@code where} and the mapping. */
    private static void remap(AddressSpace space, String where, List<Mapping> mappings, PagingMode mode) {
        for (Mapping m : mappings) {
            try {
                space.map(m.va(), m.pa(), m.size(), m.rights());
            } catch (VmmException | IllegalArgumentException e) {
                throw new MachineException(String.format(Locale.ROOT,
                        "switch to %s paging refused: %sthe mapping 0x%x-0x%x -> 0x%x: %s; nothing changed", mode.name(),
                        where, m.va(), m.va() + m.size() - 1, m.pa(), e.getMessage()), e);
            }
        }
    }

    /** A user space's own mappings: those below the kernel half (the rest are the kernel space's). */
    static List<Mapping> ownMappings(NamedSpace user) {
        return user.space().mappings().stream().filter(m -> user.owns(m.va())).toList();
    }

    /** @throws MachineException naming the first mapping {@code mode} cannot express */
    static void checkExpressible(List<Mapping> mappings, PagingMode mode) {
        checkExpressible("", mappings, mode);
    }

    /** @throws MachineException naming {@code where} (a space) and the first mapping {@code mode} cannot express */
    static void checkExpressible(String where, List<Mapping> mappings, PagingMode mode) {
        for (Mapping m : mappings) {
            String why = inexpressible(m, mode);
            if (why != null) {
                throw new MachineException(String.format(Locale.ROOT,
                        "switch to %s paging refused: %sthe mapping 0x%x-0x%x -> 0x%x %s %s; nothing changed", mode.name(), where,
                        m.va(), m.va() + m.size() - 1, m.pa(), m.rights(), why));
            }
        }
    }

    /** Why {@code mode} cannot map {@code m} as it is, or null if it can. */
    static String inexpressible(Mapping m, PagingMode mode) {
        long last = m.va() + m.size() - 1;
        if (!mode.isCanonical(m.va()) || !mode.isCanonical(last)) {
            return "lies outside the " + mode.linearAddressBits() + "-bit linear addresses " + mode.name() + " translates";
        }
        if (Long.compareUnsigned(m.pa() + m.size(), mode.physicalLimit()) > 0) {
            return String.format(Locale.ROOT, "points above 0x%x, beyond %s's physical reach", mode.physicalLimit() - 1,
                    mode.name());
        }
        if (!m.rights().executable() && !mode.hasExecuteDisable()) {
            return "is no-execute, and " + mode.name() + " paging has no execute-disable bit";
        }
        return null;
    }

    /** Gives back every paging structure of {@code space}, root included. */
    private static void release(AddressSpace space, FrameAllocator frames) {
        for (long table : space.tableFrames()) {
            frames.freeFrame(table);
        }
    }
}
