package memwb.views.physical;

import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/**
 * The colour (0xRRGGBB) of a frame by state and owner, shared by the Frames and Memory Map views
 * and their legends. A cell standing for many frames takes its most telling frame's colour:
 * allocated beats reserved beats free, so a single allocation never disappears when zoomed out.
 */
final class FrameColours {
    static final int FREE = 0xd8ead2;
    static final int RESERVED = 0x5a5a5a;
    static final int BACKGROUND = 0xf4f4f4;

    private FrameColours() {
    }

    /** Colour of one frame. */
    static int of(FrameState state, Owner owner) {
        return switch (state) {
            case FREE -> FREE;
            case RESERVED -> RESERVED;
            case ALLOCATED -> ofOwner(owner);
        };
    }

    /** Colour of something owned by {@code owner} (allocated frames, owned ranges). */
    static int ofOwner(Owner owner) {
        return switch (owner) {
            case NONE -> 0x3c5a9a;
            case FIRMWARE -> 0x8c6d46;
            case KERNEL -> 0x2a62c9;
            case ALLOCATOR_METADATA -> 0xf08c1e;
            case GDT -> 0x9b4fc9;
            case PAGE_TABLES -> 0xd23c3c;
            case HEAP -> 0x2ea043;
            case KERNEL_DATA -> 0x1aa3a3;
            case USER -> 0xe0c020;
        };
    }

    /** Colour of a Memory Map band by its kind (an owner label or a firmware type name). */
    static int ofKind(String kind) {
        for (Owner o : Owner.values()) {
            if (kind.startsWith(o.label()) || kind.toLowerCase(java.util.Locale.ROOT).startsWith(o.name().toLowerCase(java.util.Locale.ROOT))) {
                return ofOwner(o);
            }
        }
        String k = kind.toLowerCase(java.util.Locale.ROOT);
        if (k.startsWith("kernel")) {
            return ofOwner(Owner.KERNEL);
        }
        if (k.startsWith("gdt") || k.startsWith("tss")) {
            return ofOwner(Owner.GDT);
        }
        if (k.contains("metadata") || k.contains("bytemap") || k.contains("bitmap") || k.contains("buddy")) {
            return ofOwner(Owner.ALLOCATOR_METADATA);
        }
        return switch (k) {
            case "usable" -> FREE;
            case "acpi data" -> 0xa0c8f0;
            case "acpi nvs" -> 0x7090c0;
            case "unusable" -> 0x202020;
            default -> RESERVED;
        };
    }

    /** How telling a frame is when many share a cell (higher wins). */
    static int priority(FrameState state) {
        return switch (state) {
            case FREE -> 0;
            case RESERVED -> 1;
            case ALLOCATED -> 2;
        };
    }
}
