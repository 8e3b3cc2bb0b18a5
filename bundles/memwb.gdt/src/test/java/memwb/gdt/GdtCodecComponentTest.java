package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;

/** The DS component only hands over to the plain codec: same answers, same refusals. */
class GdtCodecComponentTest {
    private final DescriptorCodec service = new GdtCodecComponent();

    @Test
    void serviceWritesReadsAndPrintsTheLongModeTableLikeTheCore() {
        ByteArrayMemory ram = new ByteArrayMemory(0x4000);
        Gdtr gdtr = service.write(ram, 0x1000, service.longMode(0x2000, 0x67), true);
        assertEquals(new Gdtr(0x1000, 55), gdtr);
        List<GdtEntry> entries = service.read(ram, gdtr, true);
        assertEquals(new GdtCodec().read(ram, gdtr, true), entries);
        assertEquals(entries.stream().map(BochsVisible::of).toList(), service.parseBochs(service.infoGdt(gdtr, entries)));
        assertEquals(0x00cf9a000000ffffL, service.encode(service.flatProtectedMode().get(1)));
        assertEquals(service.longMode(0x2000, 0x67).get(5),
                service.decodeWide(service.encodeWide(service.longMode(0x2000, 0x67).get(5))[0], 0));
    }

    @Test
    void serviceRefusesWhatTheCoreRefuses() {
        assertThrows(DescriptorException.class, () -> service.decodeWide(0x00cf9a000000ffffL, 0));
        assertThrows(DescriptorException.class, () -> service.parseBochs("nonsense"));
    }
}
