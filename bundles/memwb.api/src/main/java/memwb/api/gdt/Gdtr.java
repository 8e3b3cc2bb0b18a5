package memwb.api.gdt;

/** The GDTR register: the table's linear base and its limit (size in bytes - 1). */
public record Gdtr(long base, int limit) {
    /** Number of 8-byte slots the limit covers. */
    public int slots() {
        return (limit + 1) / 8;
    }
}
