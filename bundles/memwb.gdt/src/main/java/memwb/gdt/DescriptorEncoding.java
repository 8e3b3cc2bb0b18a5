package memwb.gdt;

import static memwb.gdt.DescriptorBits.ACCESS_MAX;
import static memwb.gdt.DescriptorBits.BASE32_MAX;
import static memwb.gdt.DescriptorBits.FLAGS_MAX;
import static memwb.gdt.DescriptorBits.LIMIT_MAX;
import static memwb.gdt.DescriptorBits.hex;
import static memwb.gdt.DescriptorBits.hexSigned;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.SegmentDescriptor;

/**
 * Checked encoding of segment descriptors: 8-byte code/data/system descriptors and 16-byte
 * long-mode TSS/LDT descriptors. Decoding never fails for an 8-byte value (every bit pattern is a
 * field tuple); a 16-byte value fails only when its reserved upper dword is set.
 */
final class DescriptorEncoding {
    /** System types (S=0) that are segments with a base and limit, not gates. */
    private static final int TYPE_TSS16_AVAILABLE = 0x1;
    private static final int TYPE_TSS16_BUSY = 0x3;

    private DescriptorEncoding() {
    }

    /**
     * The 8-byte descriptor as a u64. In long mode a TSS or LDT is 16 bytes, so it is refused here
     * with a pointer to {@link #encodeWide}.
     *
     * @throws DescriptorException naming the field and value that is out of range or inconsistent
     */
    static long encode(SegmentDescriptor d, boolean longMode) {
        if (d.equals(SegmentDescriptor.NULL)) {
            return 0;
        }
        checkRanges(d);
        if (d.codeOrData()) {
            checkCodeOrData(d);
        } else {
            checkSystem(d, false);
        }
        if (longMode && d.wideInLongMode()) {
            throw new DescriptorException(what(d) + " is 16 bytes in long mode: use encodeWide, not the 8-byte encoder");
        }
        if (d.base() < 0 || d.base() > BASE32_MAX) {
            throw new DescriptorException("base " + hex(d.base()) + " is over 32 bits in an 8-byte "
                    + what(d) + " (max 0xffffffff)"
                    + (d.wideInLongMode() ? "; a long-mode TSS/LDT with a 64-bit base needs encodeWide" : ""));
        }
        return DescriptorBits.pack(d);
    }

    /**
     * A long-mode TSS or LDT as {@code [low, high]}: {@code high} holds base 63:32 in bytes 8-11 and
     * zero in the reserved bytes 12-15.
     *
     * @throws DescriptorException if {@code d} is not an available/busy 64-bit TSS or an LDT, or a
     *         field is out of range
     */
    static long[] encodeWide(SegmentDescriptor d) {
        if (!d.wideInLongMode()) {
            throw new DescriptorException("encodeWide takes a TSS (type 0x9/0xb) or LDT (type 0x2) system "
                    + "descriptor, not a " + what(d) + " (access " + hexSigned(d.access()) + ")");
        }
        checkRanges(d);
        checkSystem(d, true);
        long low = DescriptorBits.pack(d);
        long high = (d.base() >>> 32) & BASE32_MAX;
        return new long[] {low, high};
    }

    /** The fields of an 8-byte descriptor; never fails. */
    static SegmentDescriptor decode(long raw) {
        return DescriptorBits.unpack(raw);
    }

    /**
     * The fields of a 16-byte TSS/LDT descriptor.
     *
     * @throws DescriptorException if {@code low} is not a TSS/LDT or bytes 12-15 are not zero
     */
    static SegmentDescriptor decodeWide(long low, long high) {
        SegmentDescriptor d = DescriptorBits.unpack(low);
        if (!d.wideInLongMode()) {
            throw new DescriptorException("low half " + hex(low) + " is a " + what(d) + " (access "
                    + hexSigned(d.access()) + "), not a 16-byte TSS or LDT descriptor");
        }
        long reserved = high >>> 32;
        if (reserved != 0) {
            throw new DescriptorException("bytes 12-15 of a 16-byte " + what(d) + " are reserved and must be zero, found "
                    + hex(reserved) + " (high half " + hex(high) + ")");
        }
        long base = d.base() | ((high & BASE32_MAX) << 32);
        return new SegmentDescriptor(base, d.limit(), d.access(), d.flags());
    }

    private static void checkRanges(SegmentDescriptor d) {
        if (d.access() < 0 || d.access() > ACCESS_MAX) {
            throw new DescriptorException("access " + hexSigned(d.access()) + " is out of range 0x0..0xff");
        }
        if (d.flags() < 0 || d.flags() > FLAGS_MAX) {
            throw new DescriptorException("flags " + hexSigned(d.flags()) + " is out of range 0x0..0xf (G, D/B, L, AVL)");
        }
        if (d.limit() < 0 || d.limit() > LIMIT_MAX) {
            throw new DescriptorException("limit " + hexSigned(d.limit()) + " is over 20 bits (max 0xfffff; set G for 4 KiB units)");
        }
    }

    private static void checkCodeOrData(SegmentDescriptor d) {
        boolean longBit = (d.flags() & SegmentDescriptor.FLAG_LONG) != 0;
        boolean defaultSize = (d.flags() & SegmentDescriptor.FLAG_DEFAULT_SIZE) != 0;
        if (d.code() && longBit && defaultSize) {
            throw new DescriptorException("L and D both set in code descriptor flags " + hexSigned(d.flags())
                    + " (64-bit code needs L=1 D=0; L=1 D=1 is reserved)");
        }
        if (!d.code() && longBit) {
            throw new DescriptorException("L set in data descriptor flags " + hexSigned(d.flags())
                    + " (bit 53 is reserved for non-code segments)");
        }
    }

    private static void checkSystem(SegmentDescriptor d, boolean wide) {
        int type = d.type();
        switch (type) {
            case TYPE_TSS16_AVAILABLE, TYPE_TSS16_BUSY -> {
                if (wide) {
                    throw new DescriptorException("system type " + hexSigned(type) + " (16-bit TSS) does not exist in long mode");
                }
            }
            case SegmentDescriptor.TYPE_LDT, SegmentDescriptor.TYPE_TSS_AVAILABLE, SegmentDescriptor.TYPE_TSS_BUSY -> {
                // segments with a base and limit: encodable
            }
            case 0x0, 0x8, 0xA, 0xD -> throw new DescriptorException("system type " + hexSigned(type)
                    + " (access " + hexSigned(d.access()) + ") is reserved");
            default -> throw new DescriptorException("system type " + hexSigned(type) + " (access "
                    + hexSigned(d.access()) + ") is a gate, not a segment descriptor; the GDT codec encodes "
                    + "code, data, TSS and LDT descriptors only");
        }
        int sizeBits = SegmentDescriptor.FLAG_LONG | SegmentDescriptor.FLAG_DEFAULT_SIZE;
        if ((d.flags() & sizeBits) != 0) {
            throw new DescriptorException("flags " + hexSigned(d.flags()) + " set L or D/B in a " + what(d)
                    + " (bits 53-54 of a system descriptor must be 0)");
        }
    }

    /** A short name for messages: "code descriptor", "TSS descriptor", ... */
    static String what(SegmentDescriptor d) {
        if (d.codeOrData()) {
            return d.code() ? "code descriptor" : "data descriptor";
        }
        return switch (d.type()) {
            case SegmentDescriptor.TYPE_LDT -> "LDT descriptor";
            case TYPE_TSS16_AVAILABLE, TYPE_TSS16_BUSY, SegmentDescriptor.TYPE_TSS_AVAILABLE,
                    SegmentDescriptor.TYPE_TSS_BUSY -> "TSS descriptor";
            default -> "system descriptor of type " + hexSigned(d.type());
        };
    }
}
