package memwb.api.vmm;

/**
 * What one memory access through paging gives: a physical address ({@link Mapped}), a page fault
 * with its exact error code and CR2 ({@link PageFault}), or a general-protection fault for a
 * non-canonical address ({@link GeneralProtection}).
 */
public sealed interface Translation permits Mapped, PageFault, GeneralProtection {
    /** The linear address that was accessed. */
    long va();
}
