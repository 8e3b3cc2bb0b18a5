package memwb.gdt;

import java.util.List;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;
import memwb.api.ram.PhysicalMemory;

/**
 * The whole codec as plain Java (no OSGi types): each method hands over to the small class that
 * owns that concern. Stateless, so one instance serves every machine.
 */
public class GdtCodec implements DescriptorCodec {
    /** {@inheritDoc} Protected-mode view: a TSS or LDT with a 32-bit base encodes in 8 bytes. */
    @Override
    public long encode(SegmentDescriptor d) {
        return DescriptorEncoding.encode(d, false);
    }

    /**
     * The 8-byte encoding as used in a table of the given mode.
     *
     * @throws DescriptorException as {@link #encode(SegmentDescriptor)}, and for a TSS or LDT in
     *         long mode, which is 16 bytes (use {@link #encodeWide})
     */
    public long encode(SegmentDescriptor d, boolean longMode) {
        return DescriptorEncoding.encode(d, longMode);
    }

    /** {@inheritDoc} @throws DescriptorException if {@code d} is not a TSS/LDT or a field is out of range */
    @Override
    public long[] encodeWide(SegmentDescriptor d) {
        return DescriptorEncoding.encodeWide(d);
    }

    /** {@inheritDoc} Never fails: every u64 is some field tuple. */
    @Override
    public SegmentDescriptor decode(long raw) {
        return DescriptorEncoding.decode(raw);
    }

    /** {@inheritDoc} @throws DescriptorException if {@code low} is not a TSS/LDT or bytes 12-15 are set */
    @Override
    public SegmentDescriptor decodeWide(long low, long high) {
        return DescriptorEncoding.decodeWide(low, high);
    }

    /** {@inheritDoc} */
    @Override
    public List<SegmentDescriptor> flatProtectedMode() {
        return StandardTables.flatProtectedMode();
    }

    /** {@inheritDoc} @throws DescriptorException if {@code tssLimit} is not 20 bits */
    @Override
    public List<SegmentDescriptor> longMode(long tssBase, int tssLimit) {
        return StandardTables.longMode(tssBase, tssLimit);
    }

    /** {@inheritDoc} @throws DescriptorException naming the bad entry or range; RAM is then unchanged */
    @Override
    public Gdtr write(PhysicalMemory ram, long base, List<SegmentDescriptor> table, boolean longMode) {
        return GdtMemory.write(ram, base, table, longMode);
    }

    /** {@inheritDoc} @throws DescriptorException for a bad GDTR or a bad slot, naming it */
    @Override
    public List<GdtEntry> read(PhysicalMemory ram, Gdtr gdtr, boolean longMode) {
        return GdtMemory.read(ram, gdtr, longMode);
    }

    /**
     * {@inheritDoc} Current Bochs wording: {@code gdt (base=0x%016x, limit=%d):}, then
     * {@code gdt[0xSEL]=...} lines, then Bochs' closing hint line.
     */
    @Override
    public String infoGdt(Gdtr gdtr, List<GdtEntry> entries) {
        return BochsGdtPrinter.infoGdt(gdtr, entries);
    }

    /** {@inheritDoc} @throws DescriptorException naming the line number and text of a bad line */
    @Override
    public List<GdtEntry> parseBochs(String text) {
        return BochsGdtParser.parse(text);
    }
}
