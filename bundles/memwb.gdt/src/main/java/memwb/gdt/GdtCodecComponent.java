package memwb.gdt;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;
import memwb.api.ram.PhysicalMemory;

/** The DS service: a thin adapter that publishes {@link GdtCodec} as a {@link DescriptorCodec}. */
@Component(service = DescriptorCodec.class)
public class GdtCodecComponent implements DescriptorCodec {
    private final GdtCodec codec = new GdtCodec();

    @Override
    public long encode(SegmentDescriptor d) {
        return codec.encode(d);
    }

    @Override
    public long[] encodeWide(SegmentDescriptor d) {
        return codec.encodeWide(d);
    }

    @Override
    public SegmentDescriptor decode(long raw) {
        return codec.decode(raw);
    }

    @Override
    public SegmentDescriptor decodeWide(long low, long high) {
        return codec.decodeWide(low, high);
    }

    @Override
    public List<SegmentDescriptor> flatProtectedMode() {
        return codec.flatProtectedMode();
    }

    @Override
    public List<SegmentDescriptor> longMode(long tssBase, int tssLimit) {
        return codec.longMode(tssBase, tssLimit);
    }

    @Override
    public Gdtr write(PhysicalMemory ram, long base, List<SegmentDescriptor> table, boolean longMode) {
        return codec.write(ram, base, table, longMode);
    }

    @Override
    public List<GdtEntry> read(PhysicalMemory ram, Gdtr gdtr, boolean longMode) {
        return codec.read(ram, gdtr, longMode);
    }

    @Override
    public String infoGdt(Gdtr gdtr, List<GdtEntry> entries) {
        return codec.infoGdt(gdtr, entries);
    }

    @Override
    public List<GdtEntry> parseBochs(String text) {
        return codec.parseBochs(text);
    }
}
