package memwb.gdt;

import static memwb.gdt.DescriptorBits.SLOT_BYTES;

import java.util.List;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;

/**
 * Prints a table as current Bochs' {@code info gdt} does (a 64-bit build, CPU in long mode exactly
 * when entries are wide): header, one {@code gdt[0xSEL]=} line per entry, and the closing hint.
 * Like Bochs it ignores P, AVL and the DPL of segments, and prints nothing about a 64-bit TSS's base.
 */
final class BochsGdtPrinter {
    private BochsGdtPrinter() {
    }

    /**
     * The {@code info gdt} text for {@code entries} under {@code gdtr}, lines ending in '\n'.
     *
     * @throws DescriptorException if the GDTR limit is not 8n-1, or an entry is out of order,
     *         overlaps the one before, lies past the limit, or is wide without being a TSS/LDT
     */
    static String infoGdt(Gdtr gdtr, List<GdtEntry> entries) {
        GdtMemory.checkLimit(gdtr.limit());
        StringBuilder out = new StringBuilder();
        out.append(String.format(BochsWords.HEADER_FORMAT, gdtr.base(), gdtr.limit())).append('\n');
        int nextFree = 0;
        for (GdtEntry e : entries) {
            int slots = e.wide() ? 2 : 1;
            if (e.index() < nextFree) {
                throw new DescriptorException("entry at index " + e.index() + " comes after slot " + (nextFree - 1)
                        + " was already printed: entries must be ascending and must not overlap");
            }
            if ((long) (e.index() + slots) * SLOT_BYTES - 1 > gdtr.limit()) {
                throw new DescriptorException("entry at index " + e.index() + " (" + slots * SLOT_BYTES
                        + " bytes) lies past the GDTR limit " + gdtr.limit());
            }
            out.append(String.format(BochsWords.ENTRY_FORMAT, e.selector())).append(describe(e)).append('\n');
            nextFree = e.index() + slots;
        }
        out.append(BochsWords.TRAILER).append('\n');
        return out.toString();
    }

    /** The text after {@code gdt[0xSEL]=} for one entry. */
    static String describe(GdtEntry e) {
        SegmentDescriptor d = e.descriptor();
        if (e.wide()) {
            return describeWide(e);
        }
        if (d.base() < 0 || d.base() > DescriptorBits.BASE32_MAX) {
            throw new DescriptorException("entry at index " + e.index() + " is 8 bytes but its base "
                    + DescriptorBits.hex(d.base()) + " is over 32 bits");
        }
        long raw = DescriptorBits.pack(d);
        if (raw == 0) {
            return BochsWords.NULL_ENTRY;
        }
        int lo = (int) raw;
        int hi = (int) (raw >>> 32);
        if (d.codeOrData()) {
            return d.code() ? describeCode(d) : describeData(d);
        }
        int type = d.type();
        String name = BochsWords.SYSTEM_TYPE_NAMES[type];
        if (name.equals(BochsWords.UNDEFINED)) {
            return String.format("%s descriptor hi=0x%08x, lo=0x%08x", name, hi, lo);
        }
        if (BochsWords.isTss(type)) {
            return String.format("%s at 0x%08x, length 0x%05x", name, d.base(), d.limit());
        }
        if (type == SegmentDescriptor.TYPE_LDT) {
            return name + " "; // Bochs: "it's an LDT. not much to print."
        }
        int selector = (lo >>> 16) & 0xFFFF;
        int offset = (lo & 0xFFFF) | (hi & 0xFFFF0000);
        return String.format("%s target=0x%04x:0x%08x, DPL=%d", name, selector, offset, d.dpl());
    }

    private static String describeCode(SegmentDescriptor d) {
        boolean readable = (d.access() & SegmentDescriptor.ACCESS_READ_WRITE) != 0;
        boolean conforming = (d.access() & SegmentDescriptor.ACCESS_DIRECTION_CONFORMING) != 0;
        boolean accessed = (d.access() & SegmentDescriptor.ACCESS_ACCESSED) != 0;
        boolean longBit = (d.flags() & SegmentDescriptor.FLAG_LONG) != 0;
        boolean defaultSize = (d.flags() & SegmentDescriptor.FLAG_DEFAULT_SIZE) != 0;
        String bits = longBit && !defaultSize ? "64" : defaultSize ? "32" : "16";
        return String.format("Code segment, base=0x%08x, limit=0x%08x, %s, %s%s, %s-bit",
                d.base(), d.effectiveLimit(),
                readable ? "Execute/Read" : "Execute-Only",
                conforming ? "Conforming" : "Non-Conforming",
                accessed ? ", Accessed" : "",
                bits);
    }

    private static String describeData(SegmentDescriptor d) {
        boolean writable = (d.access() & SegmentDescriptor.ACCESS_READ_WRITE) != 0;
        boolean expandDown = (d.access() & SegmentDescriptor.ACCESS_DIRECTION_CONFORMING) != 0;
        boolean accessed = (d.access() & SegmentDescriptor.ACCESS_ACCESSED) != 0;
        return String.format("Data segment, base=0x%08x, limit=0x%08x, %s%s%s",
                d.base(), d.effectiveLimit(),
                writable ? "Read/Write" : "Read-Only",
                expandDown ? ", Expand-down" : "",
                accessed ? ", Accessed" : "");
    }

    private static String describeWide(GdtEntry e) {
        SegmentDescriptor d = e.descriptor();
        if (!d.wideInLongMode()) {
            throw new DescriptorException("entry at index " + e.index() + " is marked 16 bytes but is a "
                    + DescriptorEncoding.what(d) + ", not a TSS or LDT");
        }
        // Bochs prints the name and a space, and nothing about a 64-bit TSS's or LDT's base or limit.
        return switch (d.type()) {
            case SegmentDescriptor.TYPE_LDT -> BochsWords.LDT_64 + " ";
            case SegmentDescriptor.TYPE_TSS_AVAILABLE -> BochsWords.TSS_64_AVAILABLE + " ";
            default -> BochsWords.TSS_64_BUSY + " ";
        };
    }
}
