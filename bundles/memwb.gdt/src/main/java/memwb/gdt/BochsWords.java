package memwb.gdt;

/**
 * The exact words Bochs' debugger uses for {@code info gdt} (bx_debug/dbg_main.cc:
 * bx_dbg_info_lgdt_command, bx_dbg_print_descriptor, bx_dbx_get_descriptor64_type_name), shared by
 * the printer and the parser so the two cannot drift apart.
 */
final class BochsWords {
    /** Current Bochs: {@code "%s (base=0x" FMT_ADDRX ", limit=%d):"} with name "gdt"; 64-bit builds print 16 digits. */
    static final String HEADER_FORMAT = "gdt (base=0x%016x, limit=%d):";
    /** Older Bochs (2.6 and before) printed this header instead. */
    static final String OLD_HEADER_WORDS = "Global Descriptor Table";
    /** Current Bochs names GDT entries by selector: {@code "%s[0x%04x]=", name, n << 3}. */
    static final String ENTRY_FORMAT = "gdt[0x%04x]=";
    /** An all-zero slot: current Bochs prints this instead of decoding it. */
    static final String NULL_ENTRY = "<null entry>";
    /** Printed after a full listing ({@code info gdt} without arguments). */
    static final String TRAILER = "You can list individual entries with 'info gdt [NUM]' or groups with 'info gdt [NUM] [NUM]'";
    static final String UNDEFINED = "???";

    /** bx_dbg_print_descriptor's names for 8-byte system descriptors, by type (note "available" in lower case for the 16-bit TSS). */
    static final String[] SYSTEM_TYPE_NAMES = {
        UNDEFINED,
        "16-Bit TSS (available)",
        "LDT",
        "16-Bit TSS (Busy)",
        "16-Bit Call Gate",
        "Task Gate",
        "16-Bit Interrupt Gate",
        "16-Bit Trap Gate",
        UNDEFINED,
        "32-Bit TSS (Available)",
        UNDEFINED,
        "32-Bit TSS (Busy)",
        "32-Bit Call Gate",
        UNDEFINED,
        "32-Bit Interrupt Gate",
        "32-Bit Trap Gate",
    };

    /** bx_dbx_get_descriptor64_type_name's names for the 16-byte long-mode descriptors this codec handles. */
    static final String LDT_64 = "LDT";
    static final String TSS_64_AVAILABLE = "64-Bit TSS (Available)";
    static final String TSS_64_BUSY = "64-Bit TSS (Busy)";

    private BochsWords() {
    }

    static boolean isTss(int type) {
        return type == 0x1 || type == 0x3 || type == 0x9 || type == 0xB;
    }

    static boolean isGate(int type) {
        return type == 0x4 || type == 0x5 || type == 0x6 || type == 0x7
                || type == 0xC || type == 0xE || type == 0xF;
    }
}
