package memwb.pfa.buddy;

/**
 * Linux's x86-64 memory zones, by physical address: ISA DMA below 16 MiB, 32-bit DMA below 4 GiB,
 * Normal above. Buddy blocks never straddle a zone boundary, so each free block has one zone.
 */
enum Zone {
    DMA("DMA", 16L << 20),
    DMA32("DMA32", 4L << 30),
    NORMAL("Normal", Long.MAX_VALUE);

    private static final Zone[] ZONES = values();
    private final String linuxName;
    /** One past the zone's last byte. */
    private final long end;

    Zone(String linuxName, long end) {
        this.linuxName = linuxName;
        this.end = end;
    }

    /** The name /proc/buddyinfo prints. */
    String linuxName() {
        return linuxName;
    }

    long base() {
        return ordinal() == 0 ? 0 : ZONES[ordinal() - 1].end;
    }

    long end() {
        return end;
    }

    /** The zone of frame {@code frame} (4 KiB frames from physical 0). */
    static Zone ofFrame(long frame) {
        long pa = frame * BuddyFrameAllocator.FRAME_SIZE;
        return pa < DMA.end ? DMA : pa < DMA32.end ? DMA32 : NORMAL;
    }

    static Zone[] all() {
        return ZONES.clone();
    }
}
