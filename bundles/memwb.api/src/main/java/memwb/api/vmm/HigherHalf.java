package memwb.api.vmm;

/**
 * Where a higher-half kernel goes (memory-management notes, "Higher Half Kernel").
 *
 * <p>"max" is one past the last linear address of the mode's address space: 2^32 (0xffffffff + 1)
 * for 32-bit and PAE paging; 2^64 (0xffffffffffffffff + 1, the top of the canonical higher half)
 * for 4-level and 5-level paging, where the higher half is canonical down to 0xffff800000000000
 * (4-level) or 0xff00000000000000 (5-level). Results are computed modulo 2^64, so 2^64 - 512 MiB is
 * 0xffffffffe0000000.
 */
public final class HigherHalf {
    /** The notes' gap: the kernel ends at least this far below max. */
    public static final long NOTES_GAP = 512L << 20;
    /** Linux x86-64's __START_KERNEL_map: the kernel in the top 2 GiB, reachable with -mcmodel=kernel. */
    public static final long X86_64_KERNEL_BASE = 0xffffffff80000000L;
    /** The 32-bit 3 GiB/1 GiB split (Linux PAGE_OFFSET): user space below, kernel above. */
    public static final long X86_32_KERNEL_BASE = 0xc0000000L;
    private static final long PAGE = 4096;

    /** Which rule picks the kernel's virtual base. */
    public enum Policy { NOTES, X86_64_CONVENTION, X86_32_CONVENTION }

    private HigherHalf() {
    }

    /** Bits of the mode's linear addresses: 32 for "32-bit" and "pae", 64 (as a long, canonical) otherwise. */
    private static boolean wide(String mode) {
        return switch (mode) {
            case "32-bit", "pae" -> false;
            case "4-level", "5-level" -> true;
            default -> throw new IllegalArgumentException("unknown paging mode \"" + mode
                    + "\" (use 32-bit, pae, 4-level or 5-level)");
        };
    }

    /** The last linear address of the mode: 0xffffffff, or 0xffffffffffffffff. */
    public static long lastAddress(String mode) {
        return wide(mode) ? -1L : 0xffffffffL;
    }

    /**
     * The notes' formula: {@code max - 512 MiB} if the kernel fits in 512 MiB, else
     * {@code max - (size + 512 MiB)}. The size is rounded up to whole 4 KiB pages first so the base
     * is page aligned. A kernel of exactly 512 MiB fits (the notes leave that case open).
     *
     * @throws IllegalArgumentException if the size is negative or the kernel would not fit above 0
     */
    public static long notesFormula(String mode, long kernelSize) {
        if (kernelSize < 0) {
            throw new IllegalArgumentException("kernel size must not be negative: " + kernelSize);
        }
        long size = (kernelSize + PAGE - 1) & -PAGE;
        long max = lastAddress(mode) + 1; // 2^64 wraps to 0: the arithmetic below is modulo 2^64
        long below = size <= NOTES_GAP ? NOTES_GAP : size + NOTES_GAP;
        long space = wide(mode) ? 1L << 47 : 1L << 32; // the higher half holds at most this much
        if (Long.compareUnsigned(below, space) > 0) {
            throw new IllegalArgumentException(String.format(
                    "a kernel of 0x%x bytes plus the 512 MiB gap does not fit in the %s address space", kernelSize, mode));
        }
        return max - below;
    }

    /** The conventional base: 0xffffffff80000000 for 4-level/5-level, 0xc0000000 for 32-bit/PAE. */
    public static long conventional(String mode) {
        return wide(mode) ? X86_64_KERNEL_BASE : X86_32_KERNEL_BASE;
    }

    /**
     * The kernel's virtual base under {@code policy}.
     *
     * @throws IllegalArgumentException if the policy does not fit the mode (the x86-64 address in a
     *         32-bit mode; 0xc0000000, a user-half address, in a 64-bit mode)
     */
    public static long kernelBase(Policy policy, String mode, long kernelSize) {
        return switch (policy) {
            case NOTES -> notesFormula(mode, kernelSize);
            case X86_64_CONVENTION -> {
                if (!wide(mode)) {
                    throw new IllegalArgumentException("0xffffffff80000000 is not a " + mode
                            + " linear address; use the 32-bit convention 0xc0000000");
                }
                yield X86_64_KERNEL_BASE;
            }
            case X86_32_CONVENTION -> {
                if (wide(mode)) {
                    throw new IllegalArgumentException("0xc0000000 lies in the lower (user) half of " + mode
                            + " paging; use 0xffffffff80000000");
                }
                yield X86_32_KERNEL_BASE;
            }
        };
    }
}
