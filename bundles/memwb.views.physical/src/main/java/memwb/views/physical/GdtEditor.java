package memwb.views.physical;

import java.util.List;
import java.util.Locale;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.SegmentDescriptor;
import memwb.api.ram.PhysicalMemory;

/**
 * Writes one edited GDT field back into RAM: the new descriptor is encoded by the codec (which
 * refuses invalid combinations with the reason) before any byte is written, so a refused edit leaves
 * RAM, and the old value, as they were.
 */
final class GdtEditor {
    private static final int SLOT = 8;
    /** Table columns before the first field: index, selector and raw bytes. */
    static final int FIRST_FIELD_COLUMN = 3;
    private final DescriptorCodec codec;

    GdtEditor(DescriptorCodec codec) {
        this.codec = codec;
    }

    /**
     * Sets {@code field} of {@code entry} (in the table at physical {@code gdtBase}) to {@code text}
     * and returns the descriptor now in RAM. Throws with the reason if the value is refused.
     */
    SegmentDescriptor edit(PhysicalMemory ram, long gdtBase, GdtEntry entry, GdtField field, String text) {
        SegmentDescriptor changed = field.with(entry.descriptor(), text, entry.index(), entry.wide());
        long at = gdtBase + (long) entry.index() * SLOT;
        try {
            if (entry.wide()) {
                long[] raw = codec.encodeWide(changed);
                ram.write64(at, raw[0]);
                ram.write64(at + SLOT, raw[1]);
            } else {
                ram.write64(at, codec.encode(changed));
            }
        } catch (DescriptorException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "GDT entry %d field %s = %s refused: %s",
                    entry.index(), field.label(), text.trim(), e.getMessage()), e);
        }
        return changed;
    }

    /** The raw bytes of an entry as they sit in RAM ("9a 00 ..." little-endian), 8 or 16. */
    static String rawBytes(PhysicalMemory ram, long gdtBase, GdtEntry entry) {
        int n = entry.wide() ? 2 * SLOT : SLOT;
        byte[] b = new byte[n];
        ram.read(gdtBase + (long) entry.index() * SLOT, b, 0, n);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", x & 0xff));
        }
        return sb.toString();
    }

    /** The table's rows as the view shows them: index, selector, raw bytes, then the fields. */
    static String[] row(PhysicalMemory ram, long gdtBase, GdtEntry e) {
        GdtField[] fields = GdtField.values();
        String[] cells = new String[fields.length + FIRST_FIELD_COLUMN];
        cells[0] = Integer.toString(e.index());
        cells[1] = String.format(Locale.ROOT, "0x%02x", e.selector());
        cells[2] = rawBytes(ram, gdtBase, e);
        for (int i = 0; i < fields.length; i++) {
            cells[i + FIRST_FIELD_COLUMN] = fields[i].text(e.descriptor());
        }
        return cells;
    }

    static List<String> headers() {
        List<String> h = new java.util.ArrayList<>(List.of("#", "selector", "raw bytes (RAM)"));
        for (GdtField f : GdtField.values()) {
            h.add(f.label());
        }
        return h;
    }
}
