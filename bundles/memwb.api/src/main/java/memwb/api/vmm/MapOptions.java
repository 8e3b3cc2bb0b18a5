package memwb.api.vmm;

/**
 * How {@link AddressSpace#map} lays out pages.
 *
 * @param pageSize  0: the largest page size alignment, length and the mode allow at each step;
 *                  otherwise every page is this size (4 KiB, 2 MiB, 4 MiB or 1 GiB, as the mode has)
 * @param overwrite if false (the default), mapping over an existing mapping is an error naming it;
 *                  if true, whatever was mapped there is replaced
 * @param flush     if true (the default), the change is followed by INVLPG for the range, as an OS
 *                  does; false leaves stale TLB entries on purpose (to show what that does)
 */
public record MapOptions(long pageSize, boolean overwrite, boolean flush) {
    public static final MapOptions DEFAULT = new MapOptions(0, false, true);

    public MapOptions withPageSize(long size) {
        return new MapOptions(size, overwrite, flush);
    }

    public MapOptions withOverwrite(boolean value) {
        return new MapOptions(pageSize, value, flush);
    }

    public MapOptions withFlush(boolean value) {
        return new MapOptions(pageSize, overwrite, value);
    }
}
