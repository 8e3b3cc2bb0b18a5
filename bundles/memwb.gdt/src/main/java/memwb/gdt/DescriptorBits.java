package memwb.gdt;

import memwb.api.gdt.SegmentDescriptor;

/**
 * The raw bit layout of an 8-byte segment descriptor (Intel SDM vol. 3A, 3.4.5), without any
 * validation: every u64 unpacks to one field tuple and packs back to the same u64.
 */
final class DescriptorBits {
    /** Bytes of one GDT slot. */
    static final int SLOT_BYTES = 8;
    /** Bytes of a long-mode TSS or LDT descriptor: two slots. */
    static final int WIDE_BYTES = 16;
    /** The limit field is 20 bits. */
    static final int LIMIT_MAX = 0xF_FFFF;
    /** An 8-byte descriptor holds a 32-bit base. */
    static final long BASE32_MAX = 0xFFFF_FFFFL;
    static final int ACCESS_MAX = 0xFF;
    static final int FLAGS_MAX = 0xF;

    private DescriptorBits() {
    }

    /** The u64 for these fields; out-of-range bits are masked off (callers validate first). */
    static long pack(long base, int limit, int access, int flags) {
        return (limit & 0xFFFFL)
                | ((base & 0xFF_FFFFL) << 16)
                | ((long) (access & ACCESS_MAX) << 40)
                | ((long) ((limit >>> 16) & 0xF) << 48)
                | ((long) (flags & FLAGS_MAX) << 52)
                | (((base >>> 24) & 0xFFL) << 56);
    }

    /** Packs a descriptor's low 8 bytes without checking it: base 63:32 is dropped. */
    static long pack(SegmentDescriptor d) {
        return pack(d.base(), d.limit(), d.access(), d.flags());
    }

    /** The fields of any u64; never fails. */
    static SegmentDescriptor unpack(long raw) {
        long base = ((raw >>> 16) & 0xFF_FFFFL) | (((raw >>> 56) & 0xFFL) << 24);
        int limit = (int) (raw & 0xFFFF) | ((int) ((raw >>> 48) & 0xF) << 16);
        int access = (int) (raw >>> 40) & ACCESS_MAX;
        int flags = (int) (raw >>> 52) & FLAGS_MAX;
        return new SegmentDescriptor(base, limit, access, flags);
    }

    /** {@code 0x..} for a value read as unsigned 64 bits (bases, raw words). */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** {@code 0x..} or {@code -0x..} for a signed field (limit, access, flags). */
    static String hexSigned(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
