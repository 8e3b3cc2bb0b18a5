package memwb.api.view;

/**
 * Something a view points at: a physical or a linear (virtual) address range, with a short label
 * saying what it is ("PTE 0x1a3 of the PT at 0x5000", "heap header", "frame 0x1234000").
 */
public record Location(long address, long length, Space space, String label) {
    /** Which address space {@link #address} is in. */
    public enum Space {
        PHYSICAL, VIRTUAL
    }

    public Location {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
        label = label == null ? "" : label;
    }

    public static Location physical(long address, long length, String label) {
        return new Location(address, length, Space.PHYSICAL, label);
    }

    public static Location virtual(long address, long length, String label) {
        return new Location(address, length, Space.VIRTUAL, label);
    }
}
