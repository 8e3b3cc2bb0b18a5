package memwb.views.physical;

/**
 * Which part of an address space a strip shows, and how it zooms: from the whole space down to one
 * 4 KiB page, zooming around the address under the mouse. Immutable; plain arithmetic for the views.
 */
record AddressAxis(long spaceEnd, long first, long length) {
    /** The smallest window: one page, in bytes. */
    static final long MIN_LENGTH = 4096;
    /** Each zoom step halves or doubles the window. */
    static final int ZOOM_FACTOR = 2;

    AddressAxis {
        if (spaceEnd <= 0) {
            throw new IllegalArgumentException("address space end 0x" + Long.toHexString(spaceEnd) + " is not positive");
        }
        length = Math.max(Math.min(length, spaceEnd), Math.min(MIN_LENGTH, spaceEnd));
        first = Math.max(0, Math.min(first, spaceEnd - length));
    }

    /** The whole space. */
    static AddressAxis whole(long spaceEnd) {
        return new AddressAxis(spaceEnd, 0, spaceEnd);
    }

    /** Zoomed in one step keeping {@code around} where it is on screen. */
    AddressAxis zoomIn(long around) {
        return zoomTo(length / ZOOM_FACTOR, around);
    }

    /** Zoomed out one step keeping {@code around} where it is on screen. */
    AddressAxis zoomOut(long around) {
        return zoomTo(length > spaceEnd / ZOOM_FACTOR ? spaceEnd : length * ZOOM_FACTOR, around);
    }

    private AddressAxis zoomTo(long newLength, long around) {
        long a = Math.max(first, Math.min(around, first + length));
        double fraction = (double) (a - first) / length;
        return new AddressAxis(spaceEnd, a - (long) (fraction * Math.max(newLength, MIN_LENGTH)), newLength);
    }

    /** The pixel (0..pixels) where {@code address} falls on a strip {@code pixels} wide. */
    int pixel(long address, int pixels) {
        double f = (double) (address - first) / length;
        return (int) Math.round(Math.max(0, Math.min(1, f)) * pixels);
    }

    /** The address at pixel {@code x} of a strip {@code pixels} wide. */
    long address(int x, int pixels) {
        return first + (long) ((double) Math.max(0, Math.min(x, pixels)) / pixels * length);
    }

    long end() {
        return first + length;
    }
}
