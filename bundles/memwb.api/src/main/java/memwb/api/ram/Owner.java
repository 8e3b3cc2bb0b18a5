package memwb.api.ram;

/**
 * Who a piece of physical memory belongs to: the workbench's overlay on top of the firmware's
 * region types. Frame allocators record an owner per allocated frame; views colour by it.
 */
public enum Owner {
    NONE("none"),
    FIRMWARE("firmware"),
    KERNEL("kernel image"),
    ALLOCATOR_METADATA("allocator metadata"),
    GDT("descriptor tables"),
    PAGE_TABLES("page tables"),
    HEAP("heap"),
    KERNEL_DATA("kernel data"),
    USER("user");

    private final String label;

    Owner(String label) {
        this.label = label;
    }

    /** A short human name, e.g. "page tables". */
    public String label() {
        return label;
    }
}
