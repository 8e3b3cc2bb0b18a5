package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.SegmentDescriptor;

/** Every invalid descriptor is refused with a message naming the field and its value. */
class DescriptorValidationTest {
    private static final int FLAT = 0xfffff;
    private static final int G_D = 0xc;
    private final GdtCodec codec = new GdtCodec();

    private String refused(SegmentDescriptor d) {
        return assertThrows(DescriptorException.class, () -> codec.encode(d)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "message \"" + message + "\" should mention \"" + p + "\"");
        }
    }

    @Test
    void nullDescriptorEncodesToZero() {
        assertEquals(0L, codec.encode(SegmentDescriptor.NULL));
        assertEquals(SegmentDescriptor.NULL, codec.decode(0));
    }

    @Test
    void limitOverTwentyBitsIsRefusedNamingTheLimit() {
        assertMentions(refused(new SegmentDescriptor(0, 0x100000, 0x92, G_D)), "limit 0x100000", "20 bits");
    }

    @Test
    void negativeLimitIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0, -1, 0x92, 0)), "limit -0x1");
    }

    @Test
    void codeWithLongAndDefaultSizeBothSetIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0, FLAT, 0x9a, 0xe)), "L and D both set", "flags 0xe");
    }

    @Test
    void dataWithLongBitIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0, FLAT, 0x92, 0xa)), "L set in data descriptor", "flags 0xa");
    }

    @Test
    void baseOver32BitsInAnEightByteCodeDescriptorIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0x1_0000_0000L, FLAT, 0x9a, G_D)), "base 0x100000000", "over 32 bits");
    }

    @Test
    void negativeBaseIsRefusedAsOver32Bits() {
        assertMentions(refused(new SegmentDescriptor(-1L, FLAT, 0x92, G_D)), "base 0xffffffffffffffff", "over 32 bits");
    }

    @Test
    void accessOutOfByteRangeIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0, FLAT, 0x19a, G_D)), "access 0x19a", "0x0..0xff");
        assertMentions(refused(new SegmentDescriptor(0, FLAT, -2, G_D)), "access -0x2");
    }

    @Test
    void flagsOutOfNibbleRangeIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0, FLAT, 0x9a, 0x1c)), "flags 0x1c", "0x0..0xf");
    }

    @Test
    void reservedSystemTypesAreRefused() {
        assertMentions(refused(new SegmentDescriptor(0x1000, 0x67, 0x80, 0)), "system type 0x0", "reserved");
        assertMentions(refused(new SegmentDescriptor(0x1000, 0x67, 0x88, 0)), "system type 0x8", "reserved");
        assertMentions(refused(new SegmentDescriptor(0x1000, 0x67, 0x8a, 0)), "system type 0xa", "reserved");
        assertMentions(refused(new SegmentDescriptor(0x1000, 0x67, 0x8d, 0)), "system type 0xd", "reserved");
    }

    @Test
    void zeroAccessWithOtherFieldsSetIsNotTheNullDescriptor() {
        assertMentions(refused(new SegmentDescriptor(0x1000, 0, 0, 0)), "system type 0x0", "access 0x0");
    }

    @Test
    void gateTypesAreRefusedAsNotSegments() {
        assertMentions(refused(new SegmentDescriptor(0, 0, 0x8c, 0)), "system type 0xc", "gate");
        assertMentions(refused(new SegmentDescriptor(0, 0, 0x85, 0)), "system type 0x5", "gate");
    }

    @Test
    void systemDescriptorWithSizeFlagsIsRefused() {
        assertMentions(refused(new SegmentDescriptor(0x1000, 0x67, 0x89, 0x4)), "flags 0x4", "TSS descriptor");
    }

    @Test
    void wideDescriptorGivenToTheEightByteEncoderInLongModeIsToldToUseEncodeWide() {
        SegmentDescriptor tss = new SegmentDescriptor(0x1000, 0x67, 0x89, 0);
        String message = assertThrows(DescriptorException.class, () -> codec.encode(tss, true)).getMessage();
        assertMentions(message, "TSS descriptor", "16 bytes in long mode", "encodeWide");
        SegmentDescriptor ldt = new SegmentDescriptor(0x2000, 0xff, 0x82, 0);
        assertMentions(assertThrows(DescriptorException.class, () -> codec.encode(ldt, true)).getMessage(),
                "LDT descriptor", "encodeWide");
    }

    @Test
    void tssWithA64BitBaseInTheEightByteEncoderPointsToEncodeWide() {
        assertMentions(refused(new SegmentDescriptor(0xffff_8000_0000_1000L, 0x67, 0x89, 0)),
                "base 0xffff800000001000", "encodeWide");
    }

    @Test
    void protectedModeTssAndLdtEncodeInEightBytes() {
        assertEquals(0x0000890010000067L, codec.encode(new SegmentDescriptor(0x1000, 0x67, 0x89, 0)));
        assertEquals(0x0000820020000fffL, codec.encode(new SegmentDescriptor(0x2000, 0xfff, 0x82, 0)));
        assertEquals(0x0000810010000067L, codec.encode(new SegmentDescriptor(0x1000, 0x67, 0x81, 0)));
    }

    @Test
    void nonPresentSegmentsEncode() {
        assertEquals(0x00cf1a000000ffffL, codec.encode(new SegmentDescriptor(0, FLAT, 0x1a, G_D)));
    }

    @Test
    void everyU64DecodesAndReEncodesLosslesslyWhenValid() {
        long[] samples = {0x00cf9a000000ffffL, 0x120a92345678bcdeL, 0xff4ff2ffffffffffL, 0x0000890010000067L};
        for (long raw : samples) {
            assertEquals(raw, codec.encode(codec.decode(raw)), () -> String.format("0x%016x", raw));
        }
    }
}
