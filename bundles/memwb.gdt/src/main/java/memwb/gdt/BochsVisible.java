package memwb.gdt;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.SegmentDescriptor;

/**
 * What survives a trip through Bochs' {@code info gdt} text. Bochs does not print, so a parse
 * cannot recover: P (assumed 1), the DPL of code, data, TSS and LDT descriptors (assumed 0), AVL,
 * the D/B flag of data segments (taken as G), whether a limit of 0xfffff or less had G=1 (taken
 * as G=0: the smallest raw form), the G flag of a TSS, the base and limit of an LDT and of a 64-bit
 * TSS, and a gate's parameter count. Everything else round-trips exactly.
 */
final class BochsVisible {
    private static final int PAGE_MASK = 0xFFF;
    private static final long PARAM_COUNT_AND_RESERVED = 0xFFL << 32;

    private BochsVisible() {
    }

    /** {@code e} reduced to the fields Bochs prints, in the form {@link BochsGdtParser} rebuilds. */
    static GdtEntry of(GdtEntry e) {
        SegmentDescriptor d = e.descriptor();
        if (d.equals(SegmentDescriptor.NULL)) {
            return e;
        }
        int type = d.type();
        int presentSystem = SegmentDescriptor.ACCESS_PRESENT | type;
        if (e.wide() || (!d.codeOrData() && type == SegmentDescriptor.TYPE_LDT)) {
            return new GdtEntry(e.index(), new SegmentDescriptor(0, 0, presentSystem, 0), e.wide());
        }
        if (d.codeOrData()) {
            int access = SegmentDescriptor.ACCESS_PRESENT | SegmentDescriptor.ACCESS_CODE_OR_DATA | type;
            int size = -1;
            if (d.code()) {
                boolean longBit = (d.flags() & SegmentDescriptor.FLAG_LONG) != 0;
                boolean defaultSize = (d.flags() & SegmentDescriptor.FLAG_DEFAULT_SIZE) != 0;
                size = longBit && !defaultSize ? SegmentDescriptor.FLAG_LONG
                        : defaultSize ? SegmentDescriptor.FLAG_DEFAULT_SIZE : 0;
            }
            return new GdtEntry(e.index(), segment(d.base(), d.effectiveLimit(), access, size), false);
        }
        if (BochsWords.isTss(type)) {
            return new GdtEntry(e.index(), new SegmentDescriptor(d.base(), d.limit(), presentSystem, 0), false);
        }
        if (BochsWords.isGate(type)) {
            long raw = DescriptorBits.pack(d) & ~PARAM_COUNT_AND_RESERVED | ((long) SegmentDescriptor.ACCESS_PRESENT << 40);
            return new GdtEntry(e.index(), DescriptorBits.unpack(raw), false);
        }
        return e; // undefined types print their raw words: nothing is lost
    }

    /**
     * A present DPL-0 code or data segment with the given byte limit: G=1 only when the limit
     * needs it. {@code size} is the code segment's L/D flag, or -1 for data (B follows G).
     *
     * @throws DescriptorException if a limit over 0xfffff does not end in 0xfff (no G=1 form)
     */
    static SegmentDescriptor segment(long base, long effectiveLimit, int access, int size) {
        boolean granular = effectiveLimit > DescriptorBits.LIMIT_MAX;
        if (granular && (effectiveLimit & PAGE_MASK) != PAGE_MASK) {
            throw new DescriptorException("limit " + DescriptorBits.hex(effectiveLimit)
                    + " is over 0xfffff but does not end in fff, so no G=1 descriptor has it");
        }
        int raw = (int) (granular ? effectiveLimit >>> 12 : effectiveLimit);
        int g = granular ? SegmentDescriptor.FLAG_GRANULARITY : 0;
        int flags = size >= 0 ? g | size : (granular ? g | SegmentDescriptor.FLAG_DEFAULT_SIZE : 0);
        return new SegmentDescriptor(base, raw, access, flags);
    }
}
