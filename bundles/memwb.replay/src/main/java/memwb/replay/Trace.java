package memwb.replay;

/**
 * A malloc-lab trace held compactly: one byte, one int and one long per operation in parallel
 * arrays (the python3 trace has 1.29 M operations), plus the header's figures.
 */
public final class Trace {
    public static final byte ALLOC = 'a';
    public static final byte REALLOC = 'r';
    public static final byte FREE = 'f';

    private final String name;
    private final long suggestedHeap;
    private final int idCount;
    private final long weight;
    private final byte[] kinds;
    private final int[] ids;
    private final long[] sizes;
    private final int maxId;

    Trace(String name, long suggestedHeap, int idCount, long weight, byte[] kinds, int[] ids, long[] sizes, int maxId) {
        this.name = name;
        this.suggestedHeap = suggestedHeap;
        this.idCount = idCount;
        this.weight = weight;
        this.kinds = kinds;
        this.ids = ids;
        this.sizes = sizes;
        this.maxId = maxId;
    }

    /** The trace's name: its file name without {@code .rep} or {@code .rep.gz}. */
    public String name() {
        return name;
    }

    public long suggestedHeap() {
        return suggestedHeap;
    }

    /** Distinct ids the header announces. */
    public int idCount() {
        return idCount;
    }

    public long weight() {
        return weight;
    }

    public int ops() {
        return kinds.length;
    }

    /** {@link #ALLOC}, {@link #REALLOC} or {@link #FREE}. */
    public byte kind(int op) {
        return kinds[op];
    }

    public int id(int op) {
        return ids[op];
    }

    /** The requested size (0 for a free). */
    public long size(int op) {
        return sizes[op];
    }

    /** The largest id used, so per-id arrays can be sized. */
    public int maxId() {
        return maxId;
    }
}
