package memwb.api.gdt;

import java.util.List;

import memwb.api.ram.PhysicalMemory;

/**
 * Encodes and decodes x86 segment descriptors bit for bit (Intel SDM vol. 3A, 3.4.5), builds the
 * standard tables, writes them into RAM and reads them back, and prints them as Bochs does.
 */
@org.osgi.annotation.versioning.ProviderType
public interface DescriptorCodec {
    /**
     * The 8-byte descriptor as a little-endian u64.
     *
     * @throws DescriptorException if a field is out of range (limit over 20 bits, base over 32 bits
     *         in a code/data descriptor, L and D both set, ...), naming the field
     */
    long encode(SegmentDescriptor d);

    /** A 16-byte long-mode system descriptor (TSS, LDT): {@code [low, high]}. */
    long[] encodeWide(SegmentDescriptor d);

    SegmentDescriptor decode(long raw);

    SegmentDescriptor decodeWide(long low, long high);

    /** null, kernel code, kernel data, user code, user data: the flat protected-mode table. */
    List<SegmentDescriptor> flatProtectedMode();

    /** null, 64-bit kernel code, kernel data, user code, user data, TSS at {@code tssBase}. */
    List<SegmentDescriptor> longMode(long tssBase, int tssLimit);

    /**
     * Writes {@code table} at {@code base} (TSS/LDT entries take two slots when {@code longMode})
     * and returns the GDTR that describes it.
     */
    Gdtr write(PhysicalMemory ram, long base, List<SegmentDescriptor> table, boolean longMode);

    /** Decodes the table GDTR points at, slot by slot. */
    List<GdtEntry> read(PhysicalMemory ram, Gdtr gdtr, boolean longMode);

    /** Bochs' {@code info gdt}: a header line and one {@code gdt[0xSEL]=...} line per entry. */
    String infoGdt(Gdtr gdtr, List<GdtEntry> entries);

    /**
     * Parses Bochs output back: current {@code gdt[0x0010]=} lines (by selector) and older
     * {@code GDT[0x02]=} lines (by index).
     */
    List<GdtEntry> parseBochs(String text);
}
