package memwb.api.machine;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import memwb.api.paging.PagingMode;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mapping;

/**
 * One address space of a machine under its name: {@link Machine#KERNEL_SPACE} for the kernel's, or
 * the name a user space (a process) was created with. Every user space shares the kernel half with
 * the kernel space; its lower half is its own.
 */
public record NamedSpace(String name, AddressSpace space) {
    public NamedSpace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(space, "space");
    }

    /** The value a CR3 load of this space writes. */
    public long cr3() {
        return space.cr3();
    }

    /** True for the kernel space. */
    public boolean isKernel() {
        return space.isKernel();
    }

    /** True if {@code va} is in this space's own half: anywhere for the kernel space, below the kernel half for a user space. */
    public boolean owns(long va) {
        return space.isKernel() || Long.compareUnsigned(va, space.kernelHalfStart()) < 0;
    }

    /** 4 KiB pages this space maps in its own half (a user space's shared kernel half is the kernel space's). */
    public long ownPages() {
        long bytes = 0;
        for (Mapping m : space.mappings()) {
            bytes += owns(m.va()) ? m.size() : 0;
        }
        return bytes / PagingMode.PAGE_SIZE;
    }

    /**
     * The frames of this space's own paging structures: every table of the kernel space; a user
     * space's root and user-half tables, not the kernel tables it shares with {@code kernel}.
     */
    public long[] ownTables(AddressSpace kernel) {
        if (space.isKernel()) {
            return space.tableFrames();
        }
        Set<Long> shared = new HashSet<>();
        for (long t : kernel.tableFrames()) {
            shared.add(t);
        }
        return Arrays.stream(space.tableFrames()).filter(t -> !shared.contains(t)).toArray();
    }
}
