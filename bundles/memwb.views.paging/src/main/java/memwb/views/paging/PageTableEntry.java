package memwb.views.paging;

/**
 * One present entry of a paging structure, as read from RAM: where it sits ({@code table},
 * {@code index}, {@code entryAddress}), its raw value and flags by name, and the linear range
 * {@code [va, va + size)} it covers. {@code target} is the next table, or the page frame of a leaf.
 */
record PageTableEntry(int level, String levelName, long table, int index, long entryAddress, long raw,
        String flags, boolean leaf, long va, long size, long target, String targetName) {

    /** "PML4[511]". */
    String label() {
        return levelName + "[" + index + "]";
    }

    /** "0xffffff8000000000-0xffffffffffffffff": the linear range this entry maps, last byte inclusive. */
    String range() {
        return String.format("0x%x-0x%x", va, va + size - 1);
    }

    /** "PDPT @0x3000" or "frame 0x200000 (2 MiB)". */
    String points() {
        return leaf ? String.format("frame 0x%x (%s)", target, Sizes.name(size))
                : String.format("%s @0x%x", targetName, target);
    }
}
