package memwb.vmm;

import memwb.api.paging.EntryBits;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.VmmException;

/**
 * One address-space operation as a transaction, so a failure half way (out of frames, an entry the
 * mode cannot encode) leaves nothing behind: entry writes into tables that existed before are
 * journaled with their old value; tables and data frames taken are remembered; tables that become
 * unused are only freed at commit. Rollback restores the journal backwards and gives every frame back.
 * Writes into tables allocated by this transaction need no journal: rolling back frees them whole.
 *
 * <p>Every write keeps the space's {@link PresentCounts} in step (rollback too), so a count is the
 * table's present entries whenever no transaction is open. A space reuses one transaction for all
 * its operations ({@link #begin}), so a one-page map costs no allocation beyond the journal's growth.
 */
final class TableTxn {
    private static final long PAGE = PagingMode.PAGE_SIZE;

    private final PhysicalMemory ram;
    private final PagingMode mode;
    private final PresentCounts counts;
    private FrameAllocator frames;
    private final LongList journalAddress = new LongList();
    private final LongList journalOld = new LongList();
    private final LongList newTables = new LongList();
    private final LongList released = new LongList();
    private final LongList dataFrames = new LongList();
    private long cachedTable = -1;
    private boolean cachedNew;

    TableTxn(PhysicalMemory ram, PagingMode mode, FrameAllocator frames) {
        this(ram, mode, frames, new PresentCounts());
    }

    /** A transaction keeping {@code counts} (the space's) in step with its writes. */
    TableTxn(PhysicalMemory ram, PagingMode mode, FrameAllocator frames, PresentCounts counts) {
        this.ram = ram;
        this.mode = mode;
        this.frames = frames;
        this.counts = counts;
    }

    /** Starts a new operation with {@code allocator}, forgetting the last one (committed or rolled back). */
    TableTxn begin(FrameAllocator allocator) {
        frames = allocator;
        journalAddress.clear();
        journalOld.clear();
        newTables.clear();
        released.clear();
        dataFrames.clear();
        cachedTable = -1;
        return this;
    }

    long read(long entryAddress) {
        return mode.readEntry(ram, entryAddress);
    }

    void write(long entryAddress, long value) {
        long old = read(entryAddress);
        if (!isNew(entryAddress & -PAGE)) {
            journalAddress.add(entryAddress);
            journalOld.add(old);
        }
        mode.writeEntry(ram, entryAddress, value);
        count(entryAddress, old, value);
    }

    /**
     * Present entries of {@code table}: a scan the first time it is asked for, the host's count after.
     * A count of zero is confirmed against RAM before anyone frees the table on its word, so a
     * paging structure written behind the VMM's back is never freed while it still maps something.
     */
    int presentEntries(long table, int level) {
        int n = counts.get(table);
        if (n == PresentCounts.UNKNOWN || (n == 0 && anyPresent(table, level))) {
            n = scan(table, level);
            counts.put(table, n);
        }
        return n;
    }

    private int scan(long table, int level) {
        int n = 0;
        int entrySize = mode.entrySize();
        for (int i = 0; i < mode.entriesPerTable(level); i++) {
            if ((read(table + (long) i * entrySize) & EntryBits.P) != 0) {
                n++;
            }
        }
        return n;
    }

    /** True if any entry of {@code table} has P set; reads the chunk's bytes directly where RAM allows. */
    private boolean anyPresent(long table, int level) {
        byte[] chunk = ram.chunkForReading(table);
        if (chunk == null) {
            return scan(table, level) != 0;
        }
        int from = (int) (table & (PhysicalMemory.CHUNK_SIZE - 1));
        int entrySize = mode.entrySize();
        int to = from + mode.entriesPerTable(level) * entrySize;
        for (int off = from; off < to; off += entrySize) {
            if ((chunk[off] & EntryBits.P) != 0) { // little-endian: P is bit 0 of an entry's first byte
                return true;
            }
        }
        return false;
    }

    private void count(long entryAddress, long old, long value) {
        long changed = (old ^ value) & EntryBits.P;
        if (changed != 0) {
            counts.add(entryAddress & -PAGE, (value & EntryBits.P) != 0 ? 1 : -1);
        }
    }

    private boolean isNew(long table) {
        if (table != cachedTable) {
            cachedTable = table;
            cachedNew = newTables.containsFromEnd(table);
        }
        return cachedNew;
    }

    /**
     * A zeroed frame for a paging structure (owner PAGE_TABLES), below the mode's table reach.
     *
     * @throws VmmException naming {@code va} when no frame is free
     */
    long allocTable(long va, String operation) {
        long f = frames.allocFrame(Owner.PAGE_TABLES);
        if (f == FrameAllocator.NO_FRAME) {
            throw new VmmException(va, String.format("out of frames: %s needed a page-table frame for VA 0x%x; "
                    + "rolled back, nothing changed", operation, va));
        }
        if (Long.compareUnsigned(f + PAGE, mode.tablePhysicalLimit()) > 0) {
            frames.freeFrame(f);
            throw new VmmException(va, String.format("the frame allocator gave 0x%x for a page table, beyond %s "
                    + "where %s paging can point at tables", f, PagingSizes.name(mode.tablePhysicalLimit()), mode.name()));
        }
        ram.fill(f, PAGE, 0); // the notes: tables must be cleared before use
        newTables.add(f);
        counts.put(f, 0);
        cachedTable = -1;
        return f;
    }

    /** Remembers a data frame taken for this operation, to give back on rollback. */
    void addDataFrame(long frame) {
        dataFrames.add(frame);
    }

    /** A table no longer referenced once this transaction commits. */
    void release(long table) {
        released.add(table);
    }

    int tablesAllocated() {
        return newTables.size();
    }

    void commit() {
        for (int i = 0; i < released.size(); i++) {
            counts.remove(released.get(i));
            frames.freeFrame(released.get(i));
        }
    }

    void rollback() {
        for (int i = journalAddress.size() - 1; i >= 0; i--) {
            long address = journalAddress.get(i);
            long old = journalOld.get(i);
            count(address, read(address), old);
            mode.writeEntry(ram, address, old);
        }
        for (int i = 0; i < newTables.size(); i++) {
            counts.remove(newTables.get(i));
            frames.freeFrame(newTables.get(i));
        }
        for (int i = 0; i < dataFrames.size(); i++) {
            frames.freeFrame(dataFrames.get(i));
        }
    }

    /** A growable long array: journals of a 1 GiB map would box millions of Longs otherwise. */
    static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        /** Searches newest first: the table written to is usually the one just allocated. */
        boolean containsFromEnd(long v) {
            for (int i = size - 1; i >= 0; i--) {
                if (values[i] == v) {
                    return true;
                }
            }
            return false;
        }
    }
}
