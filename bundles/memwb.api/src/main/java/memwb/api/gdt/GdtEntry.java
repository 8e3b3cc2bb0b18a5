package memwb.api.gdt;

/**
 * One entry of a table as it sits in memory: its slot index, its selector (index * 8), the decoded
 * descriptor, and whether it took two slots (a long-mode TSS or LDT).
 */
public record GdtEntry(int index, SegmentDescriptor descriptor, boolean wide) {
    public int selector() {
        return index * 8;
    }
}
