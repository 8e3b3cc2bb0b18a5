package memwb.vmm;

/** Where the kernel half of an address space starts (the user/kernel split). */
final class HigherHalfSplit {
    /** 32-bit and PAE: Linux's 3 GiB/1 GiB split; user space is below 0xc0000000. */
    static final long X86_32_USER_TOP = 0xc0000000L;

    private HigherHalfSplit() {
    }
}
