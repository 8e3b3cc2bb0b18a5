package memwb.api.vmm;

/** A #GP instead of a #PF: the address is not canonical (or not a linear address of the mode). */
public record GeneralProtection(long va, String reason) implements Translation {
    /** Linux's wording (arch/x86/kernel/traps.c). */
    public String linuxLine() {
        return String.format("general protection fault, probably for non-canonical address 0x%x: 0000", va);
    }
}
