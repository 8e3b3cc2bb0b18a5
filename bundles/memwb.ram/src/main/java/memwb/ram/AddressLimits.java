package memwb.ram;

/** The physical address space the workbench emulates. */
final class AddressLimits {
    /** One past the highest physical address x86-64 can have: MAXPHYADDR is at most 52 bits. */
    static final long PHYSICAL_LIMIT = 1L << 52;

    /** Page frame size in bytes; memory maps are normalised to it. */
    static final long PAGE_SIZE = 4096;

    private AddressLimits() {
    }
}
