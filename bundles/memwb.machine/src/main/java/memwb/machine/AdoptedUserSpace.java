package memwb.machine;

import java.util.List;
import java.util.Locale;

import memwb.api.machine.MachineException;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.VmmException;

/**
 * A user space whose tables are already in RAM (a snapshot or an export), taken back under the
 * kernel space that shares its kernel half. The VMM can attach a kernel space at a root but has no
 * such call for a user space, so this asks the kernel space for a new user space while lending it an
 * allocator whose one frame is the saved root (already allocated to PAGE_TABLES in the restored
 * frame states), then puts the root's saved entries back over the ones the VMM wrote. The VMM keeps
 * the space in step with the kernel half from then on, as for one it created.
 */
final class AdoptedUserSpace {
    private static final int PAGE = (int) FrameAllocator.FRAME_SIZE;

    private AdoptedUserSpace() {
    }

    /**
     * The user space rooted at {@code root}.
     *
     * @throws MachineException naming {@code where} and the root if it is not a page-table frame of
     *         {@code frames} in installed RAM
     */
    static AddressSpace adopt(AddressSpace kernel, FrameAllocator frames, PhysicalMemory ram, long root, String where) {
        if ((root & (PAGE - 1)) != 0 || !ram.isInstalled(root) || root >= frames.frameCount() * PAGE
                || frames.state(root) != FrameState.ALLOCATED || frames.owner(root) != Owner.PAGE_TABLES) {
            throw new MachineException(String.format(Locale.ROOT, "%s: root 0x%x is not a page-table frame in RAM "
                    + "(the saved frame states must have it allocated to page tables)", where, root));
        }
        byte[] entries = new byte[PAGE];
        ram.read(root, entries, 0, PAGE);
        AddressSpace user;
        kernel.useFrameAllocator(new OneFrame(frames, root));
        try {
            user = kernel.createUserSpace();
        } catch (VmmException e) {
            throw new MachineException(String.format(Locale.ROOT, "%s: root 0x%x: %s", where, root, e.getMessage()), e);
        } finally {
            kernel.useFrameAllocator(frames);
        }
        ram.write(root, entries, 0, PAGE);
        return user;
    }

    /** Hands out {@code root} once; a rollback's free of it is dropped (it was never taken from {@code real}). */
    private static final class OneFrame implements FrameAllocator {
        private final FrameAllocator real;
        private final long root;
        private boolean given;

        OneFrame(FrameAllocator real, long root) {
            this.real = real;
            this.root = root;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public long allocFrame(Owner owner) {
            if (given || owner != Owner.PAGE_TABLES) {
                return NO_FRAME;
            }
            given = true;
            return root;
        }

        @Override
        public long allocContiguous(long count, long alignFrames, Owner owner) {
            return NO_FRAME;
        }

        @Override
        public void freeFrame(long pa) {
            if (pa != root) {
                real.freeFrame(pa);
            }
        }

        @Override
        public void freeContiguous(long pa, long count) {
            real.freeContiguous(pa, count);
        }

        @Override
        public FrameState state(long pa) {
            return real.state(pa);
        }

        @Override
        public Owner owner(long pa) {
            return real.owner(pa);
        }

        @Override
        public long frameCount() {
            return real.frameCount();
        }

        @Override
        public FrameStats stats() {
            return real.stats();
        }

        @Override
        public List<OwnedRange> metadata() {
            return real.metadata();
        }

        @Override
        public AllocationState exportState() {
            return real.exportState();
        }

        @Override
        public long version() {
            return real.version();
        }

        @Override
        public String describe() {
            return real.describe();
        }
    }
}
