package memwb.api.gdt;

/**
 * A segment descriptor's fields, decoded. {@code access} is the byte at bits 40-47 (P, DPL, S, type);
 * {@code flags} the nibble at bits 52-55 (G, D/B, L, AVL); {@code limit} the raw 20-bit limit.
 * System descriptors (S=0) of type TSS or LDT are 16 bytes in long mode and may have a 64-bit base.
 * Validation happens in {@link DescriptorCodec#encode}, which says why a combination is invalid.
 */
public record SegmentDescriptor(long base, int limit, int access, int flags) {
    public static final int ACCESS_PRESENT = 0x80;
    public static final int ACCESS_CODE_OR_DATA = 0x10;
    public static final int ACCESS_EXECUTABLE = 0x08;
    public static final int ACCESS_DIRECTION_CONFORMING = 0x04;
    public static final int ACCESS_READ_WRITE = 0x02;
    public static final int ACCESS_ACCESSED = 0x01;
    public static final int FLAG_GRANULARITY = 0x8;
    public static final int FLAG_DEFAULT_SIZE = 0x4;
    public static final int FLAG_LONG = 0x2;
    public static final int FLAG_AVAILABLE = 0x1;
    /** System types (S=0) */
    public static final int TYPE_LDT = 0x2;
    public static final int TYPE_TSS_AVAILABLE = 0x9;
    public static final int TYPE_TSS_BUSY = 0xB;

    public static final SegmentDescriptor NULL = new SegmentDescriptor(0, 0, 0, 0);

    public boolean present() {
        return (access & ACCESS_PRESENT) != 0;
    }

    public int dpl() {
        return (access >> 5) & 3;
    }

    /** S=1: a code or data segment; S=0: a system descriptor. */
    public boolean codeOrData() {
        return (access & ACCESS_CODE_OR_DATA) != 0;
    }

    public boolean code() {
        return codeOrData() && (access & ACCESS_EXECUTABLE) != 0;
    }

    public int type() {
        return access & 0xF;
    }

    /** TSS and LDT descriptors take 16 bytes in a long-mode GDT. */
    public boolean wideInLongMode() {
        int t = type();
        return !codeOrData() && (t == TYPE_LDT || t == TYPE_TSS_AVAILABLE || t == TYPE_TSS_BUSY);
    }

    /** The limit in bytes: with G=1 the limit counts 4 KiB units, so (limit << 12) | 0xFFF. */
    public long effectiveLimit() {
        return (flags & FLAG_GRANULARITY) != 0 ? ((long) limit << 12) | 0xFFF : limit;
    }

    /** The 16-bit access/flags word as the reference tables write it, e.g. 0xc09a. */
    public int accessFlagsWord() {
        return (flags << 12) | access;
    }
}
