package memwb.machine;

import java.util.Locale;

import memwb.api.machine.MachineException;

/**
 * Where heaps live in the kernel address space: past the kernel image, each in a range of its own.
 * Slot 0 is the kernel heap; the others are scratch heaps (trace replays, experiments) so a replay's
 * extent and blocks never mix with the kernel heap's. The ranges are only reserved linear addresses:
 * a heap maps pages in its range as it grows.
 */
record HeapLayout(long start, long span, int slots) {
    /** Unmapped linear addresses between the kernel image and the first heap, so an overrun faults. */
    static final long GUARD = 2L << 20;
    static final long ALIGN = 2L << 20;
    /** The largest range one heap gets; smaller when the kernel sits close to the top of the address space. */
    static final long MAX_SPAN = 1L << 30;
    /** The kernel heap plus three scratch heaps. */
    static final int SLOTS = 4;
    /** A range smaller than this cannot hold a useful heap. */
    static final long MIN_SPAN = 4L << 20;

    /**
     * The layout for a kernel mapped at {@code kernelBase}..{@code kernelEnd} (linear, exclusive end) in
     * a mode whose linear addresses end at {@code addressSpaceEnd} (2^32; 0 for 2^64).
     *
     * @throws MachineException if there is no room for the heaps above the kernel
     */
    static HeapLayout after(long kernelEnd, long addressSpaceEnd) {
        long start = alignUp(kernelEnd, ALIGN) + GUARD;
        long room = addressSpaceEnd - start; // unsigned arithmetic: 2^64 is written 0
        if (Long.compareUnsigned(start, kernelEnd) < 0 || (addressSpaceEnd != 0 && Long.compareUnsigned(start, addressSpaceEnd) >= 0)) {
            room = 0;
        }
        long perSlot = Long.divideUnsigned(room, SLOTS);
        long span = (Long.compareUnsigned(perSlot, MAX_SPAN) > 0 ? MAX_SPAN : perSlot) & -ALIGN;
        if (span < MIN_SPAN) {
            throw new MachineException(String.format(Locale.ROOT,
                    "no room for a kernel heap between the kernel's end 0x%x and the end of the address space", kernelEnd));
        }
        return new HeapLayout(start, span, SLOTS);
    }

    /**
     * Where the run of linear addresses holding {@code va} ends in a mode translating {@code bits}-bit
     * addresses: 2^32 for 32-bit and PAE; for 48 and 57 bits the top of the lower canonical half, or 0
     * (meaning 2^64) in the upper half.
     */
    static long addressSpaceEnd(long va, int bits) {
        if (bits <= 32) {
            return 1L << 32;
        }
        return va < 0 ? 0 : 1L << (bits - 1);
    }

    long base(int slot) {
        return start + slot * span;
    }

    long limit(int slot) {
        return base(slot) + span;
    }

    private static long alignUp(long value, long align) {
        return (value + align - 1) & -align;
    }
}
