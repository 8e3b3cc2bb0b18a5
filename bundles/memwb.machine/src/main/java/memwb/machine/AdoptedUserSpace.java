package memwb.machine;

import java.util.Locale;

import memwb.api.machine.MachineException;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.VmmException;

/**
 * A user space whose tables are already in RAM (a snapshot or an export), taken back under the
 * kernel space that shares its kernel half ({@link AddressSpace#attachUserSpace}), once the restored
 * frame states say its root is a page-table frame.
 */
final class AdoptedUserSpace {
    private static final int PAGE = (int) FrameAllocator.FRAME_SIZE;

    private AdoptedUserSpace() {
    }

    /**
     * The user space rooted at {@code root}.
     *
     * @throws MachineException naming {@code where} and the root if it is not a page-table frame of
     *         {@code frames} in installed RAM, or the VMM refuses it
     */
    static AddressSpace adopt(AddressSpace kernel, FrameAllocator frames, PhysicalMemory ram, long root, String where) {
        if ((root & (PAGE - 1)) != 0 || !ram.isInstalled(root) || root >= frames.frameCount() * PAGE
                || frames.state(root) != FrameState.ALLOCATED || frames.owner(root) != Owner.PAGE_TABLES) {
            throw new MachineException(String.format(Locale.ROOT, "%s: root 0x%x is not a page-table frame in RAM "
                    + "(the saved frame states must have it allocated to page tables)", where, root));
        }
        try {
            return kernel.attachUserSpace(root);
        } catch (VmmException e) {
            throw new MachineException(String.format(Locale.ROOT, "%s: root 0x%x: %s", where, root, e.getMessage()), e);
        }
    }
}
