package memwb.views.physical;

import java.util.Locale;

import memwb.api.gdt.SegmentDescriptor;
import memwb.api.machine.Numbers;

/**
 * The editable fields of a segment descriptor, as the GDT view's columns: how each reads from a
 * descriptor and how a typed value replaces it. A value out of the field's range is refused naming
 * the field, the entry and the allowed range; combinations (L with D/B ...) are the codec's to refuse.
 */
enum GdtField {
    BASE("base", 0xffff_ffffL), LIMIT("limit", 0xf_ffffL), TYPE("type", 0xf), S("S", 1), DPL("DPL", 3), P("P", 1),
    AVL("AVL", 1), L("L", 1), DB("D/B", 1), G("G", 1);

    private final String label;
    private final long max;

    GdtField(String label, long max) {
        this.label = label;
        this.max = max;
    }

    String label() {
        return label;
    }

    /** The field's value in {@code d}, as the column shows it. */
    String text(SegmentDescriptor d) {
        return switch (this) {
            case BASE -> String.format(Locale.ROOT, "0x%08x", d.base());
            case LIMIT -> String.format(Locale.ROOT, "0x%05x", d.limit());
            case TYPE -> String.format(Locale.ROOT, "0x%x", d.type());
            default -> Long.toString(value(d));
        };
    }

    long value(SegmentDescriptor d) {
        return switch (this) {
            case BASE -> d.base();
            case LIMIT -> d.limit();
            case TYPE -> d.type();
            case S -> bit(d.access(), SegmentDescriptor.ACCESS_CODE_OR_DATA);
            case DPL -> d.dpl();
            case P -> bit(d.access(), SegmentDescriptor.ACCESS_PRESENT);
            case AVL -> bit(d.flags(), SegmentDescriptor.FLAG_AVAILABLE);
            case L -> bit(d.flags(), SegmentDescriptor.FLAG_LONG);
            case DB -> bit(d.flags(), SegmentDescriptor.FLAG_DEFAULT_SIZE);
            case G -> bit(d.flags(), SegmentDescriptor.FLAG_GRANULARITY);
        };
    }

    /**
     * {@code d} with this field set to {@code text} (0x.., decimal). Throws naming the field, the
     * entry {@code index} and the range if the text is not a number or out of range.
     */
    SegmentDescriptor with(SegmentDescriptor d, String text, int index, boolean wide) {
        String where = "GDT entry " + index + " field " + label;
        long v;
        try {
            v = Numbers.parse(text, where);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        long top = this == BASE && wide ? -1L : max;
        if (v < 0 && top != -1L || Long.compareUnsigned(v, top) > 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s is out of range 0..0x%x", where, text.trim(), top));
        }
        int a = d.access();
        int f = d.flags();
        return switch (this) {
            case BASE -> new SegmentDescriptor(v, d.limit(), a, f);
            case LIMIT -> new SegmentDescriptor(d.base(), (int) v, a, f);
            case TYPE -> new SegmentDescriptor(d.base(), d.limit(), (a & ~0xf) | (int) v, f);
            case S -> new SegmentDescriptor(d.base(), d.limit(), set(a, SegmentDescriptor.ACCESS_CODE_OR_DATA, v), f);
            case DPL -> new SegmentDescriptor(d.base(), d.limit(), (a & ~0x60) | ((int) v << 5), f);
            case P -> new SegmentDescriptor(d.base(), d.limit(), set(a, SegmentDescriptor.ACCESS_PRESENT, v), f);
            case AVL -> new SegmentDescriptor(d.base(), d.limit(), a, set(f, SegmentDescriptor.FLAG_AVAILABLE, v));
            case L -> new SegmentDescriptor(d.base(), d.limit(), a, set(f, SegmentDescriptor.FLAG_LONG, v));
            case DB -> new SegmentDescriptor(d.base(), d.limit(), a, set(f, SegmentDescriptor.FLAG_DEFAULT_SIZE, v));
            case G -> new SegmentDescriptor(d.base(), d.limit(), a, set(f, SegmentDescriptor.FLAG_GRANULARITY, v));
        };
    }

    private static long bit(int word, int mask) {
        return (word & mask) != 0 ? 1 : 0;
    }

    private static int set(int word, int mask, long on) {
        return on != 0 ? word | mask : word & ~mask;
    }
}
