package memwb.gdt;

import static memwb.gdt.DescriptorBits.SLOT_BYTES;
import static memwb.gdt.DescriptorBits.hex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;
import memwb.api.ram.PhysicalMemory;

/**
 * Puts a descriptor table into RAM and reads it back slot by slot. RAM is the only truth: a read
 * decodes whatever bytes are there now.
 */
final class GdtMemory {
    /** The GDTR limit is 16 bits, so a table is at most 65536 bytes (8192 slots). */
    static final int MAX_TABLE_BYTES = 0x1_0000;
    /** Outside long mode the GDTR base is a 32-bit linear address. */
    private static final long ADDRESS_SPACE_32 = 0x1_0000_0000L;

    private GdtMemory() {
    }

    /**
     * Encodes every entry first, checks the whole range is installed RAM, then writes it at
     * {@code base} in one go; returns GDTR(base, size - 1). On any error RAM is untouched.
     *
     * @throws DescriptorException for an invalid entry (named by index), an empty or oversized
     *         table, or a range that is not installed RAM
     */
    static Gdtr write(PhysicalMemory ram, long base, List<SegmentDescriptor> table, boolean longMode) {
        if (table.isEmpty()) {
            throw new DescriptorException("GDT is empty: a GDTR limit cannot describe 0 bytes (write at least the null descriptor)");
        }
        int slots = 0;
        for (SegmentDescriptor d : table) {
            slots += longMode && d.wideInLongMode() ? 2 : 1;
        }
        long size = (long) slots * SLOT_BYTES;
        if (size > MAX_TABLE_BYTES) {
            throw new DescriptorException("GDT of " + table.size() + " entries (" + slots + " slots) is " + size
                    + " bytes, larger than the " + MAX_TABLE_BYTES + "-byte maximum a 16-bit GDTR limit allows");
        }
        checkBase(base, size, longMode);
        ByteBuffer bytes = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < table.size(); i++) {
            SegmentDescriptor d = table.get(i);
            int slot = bytes.position() / SLOT_BYTES;
            try {
                if (longMode && d.wideInLongMode()) {
                    long[] wide = DescriptorEncoding.encodeWide(d);
                    bytes.putLong(wide[0]).putLong(wide[1]);
                } else {
                    bytes.putLong(DescriptorEncoding.encode(d, longMode));
                }
            } catch (DescriptorException e) {
                throw new DescriptorException("GDT entry " + i + " (slot " + slot + ", selector "
                        + String.format("0x%04x", slot * SLOT_BYTES) + "): " + e.getMessage());
            }
        }
        checkInstalled(ram, base, size);
        ram.write(base, bytes.array(), 0, (int) size);
        return new Gdtr(base, (int) size - 1);
    }

    /**
     * Decodes the table {@code gdtr} describes, one entry per slot; in long mode a TSS or LDT takes
     * its slot and the next.
     *
     * @throws DescriptorException for a bad GDTR, RAM that is not installed, a TSS/LDT cut by the
     *         limit, or a 16-byte descriptor whose reserved bytes are set (naming the slot)
     */
    static List<GdtEntry> read(PhysicalMemory ram, Gdtr gdtr, boolean longMode) {
        checkLimit(gdtr.limit());
        long size = gdtr.limit() + 1L;
        checkBase(gdtr.base(), size, longMode);
        checkInstalled(ram, gdtr.base(), size);
        byte[] raw = new byte[(int) size];
        ram.read(gdtr.base(), raw, 0, raw.length);
        ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int slots = gdtr.slots();
        List<GdtEntry> entries = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            long low = bytes.getLong(slot * SLOT_BYTES);
            SegmentDescriptor d = DescriptorEncoding.decode(low);
            if (longMode && d.wideInLongMode()) {
                if (slot + 1 >= slots) {
                    throw new DescriptorException("GDT slot " + slot + " at " + hex(gdtr.base() + (long) slot * SLOT_BYTES)
                            + " holds a 16-byte " + DescriptorEncoding.what(d) + " but the GDTR limit "
                            + gdtr.limit() + " ends after its first 8 bytes");
                }
                long high = bytes.getLong((slot + 1) * SLOT_BYTES);
                try {
                    d = DescriptorEncoding.decodeWide(low, high);
                } catch (DescriptorException e) {
                    throw new DescriptorException("GDT slot " + slot + " at " + hex(gdtr.base() + (long) slot * SLOT_BYTES)
                            + ": " + e.getMessage());
                }
                entries.add(new GdtEntry(slot, d, true));
                slot++;
            } else {
                entries.add(new GdtEntry(slot, d, false));
            }
        }
        return entries;
    }

    /** @throws DescriptorException unless {@code limit} is 8n-1 and at most 0xffff */
    static void checkLimit(int limit) {
        if (limit < 0 || limit >= MAX_TABLE_BYTES) {
            throw new DescriptorException("GDTR limit " + limit + " (" + DescriptorBits.hexSigned(limit)
                    + ") is out of the 16-bit range 0x0..0xffff");
        }
        if ((limit + 1) % SLOT_BYTES != 0) {
            throw new DescriptorException("GDTR limit " + limit + " (" + DescriptorBits.hexSigned(limit)
                    + ") is not 8n-1: the table would end inside a descriptor");
        }
    }

    private static void checkBase(long base, long size, boolean longMode) {
        if (base < 0 || base + size < 0) {
            throw new DescriptorException("GDT base " + hex(base) + " + " + size + " bytes is beyond the physical address space");
        }
        if (!longMode && base + size > ADDRESS_SPACE_32) {
            throw new DescriptorException("GDT at " + hex(base) + " (" + size
                    + " bytes) does not fit under 4 GiB, but a protected-mode GDTR base is 32 bits");
        }
    }

    private static void checkInstalled(PhysicalMemory ram, long base, long size) {
        for (long pa = base; pa < base + size; pa++) {
            if (!ram.isInstalled(pa)) {
                throw new DescriptorException("GDT range " + hex(base) + ".." + hex(base + size - 1)
                        + " is not all installed RAM: " + hex(pa) + " is in a hole or past the top");
            }
        }
    }
}
