package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.SegmentDescriptor;

/** 16-byte long-mode TSS and LDT descriptors: base 63:32 in bytes 8-11, bytes 12-15 zero. */
class WideDescriptorTest {
    private final GdtCodec codec = new GdtCodec();

    @Test
    void tssWith64BitBaseSplitsTheBaseAcrossBothHalves() {
        SegmentDescriptor tss = new SegmentDescriptor(0xffff_8000_1234_5678L, 0x67, 0x89, 0);
        long[] wide = codec.encodeWide(tss);
        assertEquals(0x12008934_56780067L, wide[0]);
        assertEquals(0x00000000_ffff8000L, wide[1]);
        assertEquals(tss, codec.decodeWide(wide[0], wide[1]));
    }

    @Test
    void busyTssAndLdtAreWide() {
        SegmentDescriptor busy = new SegmentDescriptor(0x7_0000_1000L, 0x67, 0x8b, 0);
        assertArrayEquals(new long[] {0x00008b0010000067L, 0x7L}, codec.encodeWide(busy));
        SegmentDescriptor ldt = new SegmentDescriptor(0x2000, 0xfff, 0x82, 0);
        assertArrayEquals(new long[] {0x0000820020000fffL, 0L}, codec.encodeWide(ldt));
        assertEquals(ldt, codec.decodeWide(0x0000820020000fffL, 0));
    }

    @Test
    void encodeWideRefusesCodeDescriptorsNamingTheAccessByte() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.encodeWide(new SegmentDescriptor(0, 0xfffff, 0x9a, 0xa))).getMessage();
        assertTrue(m.contains("code descriptor") && m.contains("access 0x9a"), m);
    }

    @Test
    void encodeWideRefusesA16BitTss() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.encodeWide(new SegmentDescriptor(0x1000, 0x2b, 0x81, 0))).getMessage();
        assertTrue(m.contains("access 0x81"), m);
    }

    @Test
    void encodeWideStillChecksTheLimit() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.encodeWide(new SegmentDescriptor(0x1000, 0x123456, 0x89, 0))).getMessage();
        assertTrue(m.contains("limit 0x123456"), m);
    }

    @Test
    void decodeWideRefusesReservedBytesTwelveToFifteen() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.decodeWide(0x0000890010000067L, 0x00000100_00000000L)).getMessage();
        assertTrue(m.contains("bytes 12-15") && m.contains("0x100"), m);
    }

    @Test
    void decodeWideRefusesALowHalfThatIsNotATssOrLdt() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.decodeWide(0x00cf9a000000ffffL, 0)).getMessage();
        assertTrue(m.contains("0xcf9a000000ffff") && m.contains("code descriptor"), m);
    }
}
