package memwb.gdt;

import java.util.List;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.SegmentDescriptor;

/** The two tables every kernel starts with, written as data (reference: x86-memory.md). */
final class StandardTables {
    /** Flat segments span 4 GiB: limit 0xfffff in 4 KiB units. */
    private static final int FLAT_LIMIT = DescriptorBits.LIMIT_MAX;
    /** G=1 D=1: 4 KiB granular, 32-bit. */
    private static final int FLAGS_32 = SegmentDescriptor.FLAG_GRANULARITY | SegmentDescriptor.FLAG_DEFAULT_SIZE;
    /** G=1 L=1 D=0: 64-bit code. */
    private static final int FLAGS_64 = SegmentDescriptor.FLAG_GRANULARITY | SegmentDescriptor.FLAG_LONG;
    private static final int KERNEL_CODE = 0x9A; // P, DPL 0, S, execute/read
    private static final int KERNEL_DATA = 0x92; // P, DPL 0, S, read/write
    private static final int USER_CODE = 0xFA;   // P, DPL 3, S, execute/read
    private static final int USER_DATA = 0xF2;   // P, DPL 3, S, read/write
    private static final int TSS_AVAILABLE = 0x89; // P, DPL 0, S=0, type 9

    private StandardTables() {
    }

    /** null, kernel code 0x00cf9a000000ffff, kernel data 0x00cf92..., user code 0x00cffa..., user data 0x00cff2... */
    static List<SegmentDescriptor> flatProtectedMode() {
        return List.of(
                SegmentDescriptor.NULL,
                new SegmentDescriptor(0, FLAT_LIMIT, KERNEL_CODE, FLAGS_32),
                new SegmentDescriptor(0, FLAT_LIMIT, KERNEL_DATA, FLAGS_32),
                new SegmentDescriptor(0, FLAT_LIMIT, USER_CODE, FLAGS_32),
                new SegmentDescriptor(0, FLAT_LIMIT, USER_DATA, FLAGS_32));
    }

    /**
     * null, 64-bit kernel code 0x00af9a000000ffff, kernel data 0x00cf92..., 64-bit user code
     * 0x00affa..., user data 0x00cff2..., and an available TSS (access 0x89) at {@code tssBase}.
     *
     * @throws DescriptorException if {@code tssLimit} is not a 20-bit byte limit
     */
    static List<SegmentDescriptor> longMode(long tssBase, int tssLimit) {
        if (tssLimit < 0 || tssLimit > DescriptorBits.LIMIT_MAX) {
            throw new DescriptorException("TSS limit " + DescriptorBits.hexSigned(tssLimit)
                    + " is not a 20-bit byte limit (0x0..0xfffff; a 64-bit TSS is 0x67)");
        }
        return List.of(
                SegmentDescriptor.NULL,
                new SegmentDescriptor(0, FLAT_LIMIT, KERNEL_CODE, FLAGS_64),
                new SegmentDescriptor(0, FLAT_LIMIT, KERNEL_DATA, FLAGS_32),
                new SegmentDescriptor(0, FLAT_LIMIT, USER_CODE, FLAGS_64),
                new SegmentDescriptor(0, FLAT_LIMIT, USER_DATA, FLAGS_32),
                new SegmentDescriptor(tssBase, tssLimit, TSS_AVAILABLE, 0));
    }
}
