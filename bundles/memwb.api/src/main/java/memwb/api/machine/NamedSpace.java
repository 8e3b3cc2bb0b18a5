package memwb.api.machine;

import java.util.Objects;

import memwb.api.vmm.AddressSpace;

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
}
