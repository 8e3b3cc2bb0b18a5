package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.SegmentDescriptor;

/** The flat protected-mode and long-mode tables encode to the well-known values. */
class StandardTablesTest {
    private final GdtCodec codec = new GdtCodec();

    @Test
    void flatProtectedModeIsNullKernelCodeDataUserCodeData() {
        long[] encoded = codec.flatProtectedMode().stream().mapToLong(codec::encode).toArray();
        assertArrayEquals(new long[] {0L, 0x00cf9a000000ffffL, 0x00cf92000000ffffL, 0x00cffa000000ffffL,
                0x00cff2000000ffffL}, encoded);
    }

    @Test
    void longModeHas64BitCodeAndATssOf16Bytes() {
        List<SegmentDescriptor> table = codec.longMode(0xffff_8000_0010_0000L, 0x67);
        assertEquals(6, table.size());
        long[] segments = table.subList(0, 5).stream().mapToLong(d -> codec.encode(d, true)).toArray();
        assertArrayEquals(new long[] {0L, 0x00af9a000000ffffL, 0x00cf92000000ffffL, 0x00affa000000ffffL,
                0x00cff2000000ffffL}, segments);
        SegmentDescriptor tss = table.get(5);
        assertEquals(0x89, tss.access());
        assertTrue(tss.wideInLongMode());
        assertArrayEquals(new long[] {0x0000891000000067L, 0xffff8000L}, codec.encodeWide(tss));
    }

    @Test
    void longModeKernelCodeIsLongNotDefaultSize() {
        SegmentDescriptor kernelCode = codec.longMode(0x1000, 0x67).get(1);
        assertEquals(SegmentDescriptor.FLAG_GRANULARITY | SegmentDescriptor.FLAG_LONG, kernelCode.flags());
    }

    @Test
    void longModeRefusesATssLimitOver20Bits() {
        String m = assertThrows(DescriptorException.class, () -> codec.longMode(0x1000, 0x100000)).getMessage();
        assertTrue(m.contains("TSS limit 0x100000"), m);
    }
}
