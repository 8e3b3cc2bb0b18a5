package memwb.api.pfa;

/** A frame's state. The codes are the notes' bytemap values: 0 free, 1 allocated, 2 reserved. */
public enum FrameState {
    FREE(0), ALLOCATED(1), RESERVED(2);

    private final int code;

    FrameState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameState ofCode(int code) {
        return switch (code) {
            case 0 -> FREE;
            case 1 -> ALLOCATED;
            case 2 -> RESERVED;
            default -> throw new IllegalArgumentException("not a frame state code: " + code);
        };
    }
}
