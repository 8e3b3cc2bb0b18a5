package memwb.api.vmm;

/**
 * One level of a page walk: the table at physical {@code table}, the {@code index} used, the entry's
 * physical address and raw value, its flags by name, the reserved bits it has set, and the
 * effective rights after ANDing (ORing, for XD) this level in.
 */
public record WalkStep(int level, String levelName, long table, int index, long entryAddress, long entry,
        String flags, long reservedBits, Rights rightsSoFar, boolean leaf) {
}
