package memwb.vmm;

import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PAT;
import static memwb.api.paging.EntryBits.PAT_LARGE;
import static memwb.api.paging.EntryBits.PS;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Rights;
import memwb.api.vmm.VmmException;

/**
 * An address space as real paging structures in RAM. Internally addresses are "raw" linear
 * addresses (the low 48 or 57 bits, so the two canonical halves are one contiguous range); the API
 * speaks canonical addresses.
 *
 * <p>Every change runs in a {@link TableTxn}: validate everything first, then edit; if anything
 * fails the transaction rolls back, so neither the tables nor the allocator change. A kernel space
 * writes each change of a top-level kernel-half entry into every user space too (Linux's pgd_list
 * sync), so user spaces always see the kernel half as it is.
 */
final class PagingAddressSpace implements AddressSpace {
    private static final long PAGE = PagingMode.PAGE_SIZE;
    /** Intermediate entries grant everything; the leaf decides (so requested rights = effective rights). */
    private static final long TABLE_RIGHTS = P | RW | US;

    private final Mmu mmu;
    private final PhysicalMemory ram;
    private final PagingMode mode;
    private final ControlRegisters regs;
    private final long root;
    private final PagingAddressSpace kernel;
    private final List<PagingAddressSpace> users = new ArrayList<>();
    private final int levels;
    private final int entrySize;
    private final int vaBits;
    private final long kernelHalfRaw;
    private final int kernelTopIndex;
    /** Present entries per table of this space, so an unmap learns "table now empty" without a scan. */
    private final PresentCounts counts = new PresentCounts();
    /** The one transaction every operation reuses (operations never nest). */
    private final TableTxn txn;
    /** The tables from the root down to a page table, by level, filled by {@link #pageTable}. */
    private final long[] path;
    private FrameAllocator frames;
    private boolean destroyed;
    private long version;

    private PagingAddressSpace(Mmu mmu, FrameAllocator frames, long root, PagingAddressSpace kernel) {
        this.mmu = mmu;
        this.ram = mmu.ram();
        this.mode = mmu.mode();
        this.regs = mmu.registers();
        this.frames = Objects.requireNonNull(frames, "frames");
        this.root = root;
        this.kernel = kernel;
        this.levels = mode.levels();
        this.entrySize = mode.entrySize();
        this.vaBits = mode.linearAddressBits();
        this.kernelHalfRaw = vaBits == 32 ? HigherHalfSplit.X86_32_USER_TOP : 1L << (vaBits - 1);
        this.kernelTopIndex = mode.index(kernelHalfRaw, levels);
        this.txn = new TableTxn(ram, mode, frames, counts);
        this.path = new long[levels + 1];
    }

    /** A new kernel space with one zeroed root table. */
    static PagingAddressSpace createKernel(Mmu mmu, FrameAllocator frames) {
        TableTxn t = new TableTxn(mmu.ram(), mmu.mode(), frames);
        long root = t.allocTable(0, "creating the kernel address space");
        try {
            mmu.mode().cr3For(root);
        } catch (IllegalArgumentException e) {
            t.rollback();
            throw new VmmException(root, "root table: " + e.getMessage());
        }
        t.commit();
        return new PagingAddressSpace(mmu, frames, root, null);
    }

    /** The kernel space whose tables are already in RAM at {@code root}. */
    static PagingAddressSpace attachKernel(Mmu mmu, FrameAllocator frames, long root) {
        try {
            if (mmu.mode().cr3For(root) != root || (root & (PAGE - 1)) != 0) {
                throw new IllegalArgumentException(String.format("0x%x is not 4 KiB aligned", root));
            }
        } catch (IllegalArgumentException e) {
            throw new VmmException(root, "root table: " + e.getMessage());
        }
        if (!mmu.ram().isInstalled(root)) {
            throw new VmmException(root, String.format("root table 0x%x is not in installed RAM", root));
        }
        return new PagingAddressSpace(mmu, frames, root, null);
    }

    @Override
    public PagingMode mode() {
        return mode;
    }

    @Override
    public long root() {
        return root;
    }

    @Override
    public long cr3() {
        return mode.cr3For(root);
    }

    @Override
    public boolean isKernel() {
        return kernel == null;
    }

    @Override
    public long kernelHalfStart() {
        return canonical(kernelHalfRaw);
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void useFrameAllocator(FrameAllocator newFrames) {
        frames = Objects.requireNonNull(newFrames, "frames");
        for (PagingAddressSpace u : users) {
            u.useFrameAllocator(newFrames);
        }
    }

    // ---- addresses ----------------------------------------------------------------------------

    private long raw(long va) {
        return vaBits == 32 ? va : va & ((1L << vaBits) - 1);
    }

    private long canonical(long raw) {
        if (vaBits == 32) {
            return raw;
        }
        int shift = 64 - vaBits;
        return (raw << shift) >> shift;
    }

    private boolean pse() {
        return regs.pse();
    }

    /** Checks {@code [va, va + length)} and returns its raw start. */
    private long checkRange(long va, long length) {
        checkUsable();
        if (length <= 0 || (length & (PAGE - 1)) != 0) {
            throw new VmmException(va, String.format("length 0x%x is not a positive multiple of 4 KiB", length));
        }
        if ((va & (PAGE - 1)) != 0) {
            throw new VmmException(va, String.format("VA 0x%x is not 4 KiB aligned", va));
        }
        if (!mode.isCanonical(va)) {
            throw new VmmException(va, notCanonical(va));
        }
        long last = va + length - 1;
        if (!mode.isCanonical(last) || raw(last) < raw(va)) {
            throw new VmmException(va, String.format("range 0x%x+0x%x runs past the end of its half of the "
                    + "linear address space (0x%x is %s)", va, length, last, notCanonical(last)));
        }
        if (kernel != null && raw(last) >= kernelHalfRaw) {
            long at = Math.max(raw(va), kernelHalfRaw);
            throw new VmmException(canonical(at), String.format("VA 0x%x is in the kernel half (from 0x%x), shared "
                    + "with the kernel address space: change it there", canonical(at), canonical(kernelHalfRaw)));
        }
        return raw(va);
    }

    private String notCanonical(long va) {
        return vaBits == 32 ? String.format("0x%x is beyond the 32-bit linear address space of %s paging", va, mode.name())
                : String.format("0x%x is not canonical for %s paging (bits 63:%d must all equal bit %d)", va,
                        mode.name(), vaBits - 1, vaBits - 1);
    }

    private void checkUsable() {
        if (destroyed) {
            throw new VmmException(root, String.format("the address space at 0x%x was destroyed", root));
        }
        if (!mmu.mode().name().equals(mode.name())) {
            throw new VmmException(root, "this address space holds " + mode.name() + " tables but the MMU now walks "
                    + mmu.mode().name() + " tables; rebuild it in the new mode");
        }
    }

    /** P, RW, US, G and XD for {@code rights}, refusing no-execute where the mode cannot express it. */
    private long leafBits(long va, Rights rights) {
        Objects.requireNonNull(rights, "rights");
        if (!rights.executable()) {
            if (!mode.hasExecuteDisable()) {
                throw new VmmException(va, "rights " + rights + " ask for no-execute, which " + mode.name()
                        + " paging cannot express (its entries have no XD bit); add x");
            }
            if (!regs.nxe()) {
                throw new VmmException(va, "rights " + rights + " ask for no-execute, but EFER.NXE=0 makes bit 63 "
                        + "reserved; set EFER.NXE or add x");
            }
        }
        return P | (rights.writable() ? RW : 0) | (rights.user() ? US : 0) | (rights.global() ? G : 0)
                | (rights.executable() ? 0 : XD);
    }

    private long tableRights(int level) {
        return mode.controlsRights(level) ? TABLE_RIGHTS : P;
    }

    /** True if a PS entry at {@code level} would map a page now (32-bit needs CR4.PSE for 4 MiB). */
    private boolean largeLeafAllowed(int level) {
        return level == 1 || (mode.leafSize(level) != 0 && mode.isLeaf(P | PS, level, pse()));
    }

    // ---- map ----------------------------------------------------------------------------------

    @Override
    public void map(long va, long pa, long length, Rights rights) {
        map(va, pa, length, rights, MapOptions.DEFAULT);
    }

    @Override
    public void map(long va, long pa, long length, Rights rights, MapOptions options) {
        long start = checkRange(va, length);
        long bits = leafBits(va, rights);
        checkPhysical(va, pa, length, options);
        if (!options.overwrite()) {
            Mapping existing = firstMapped(start, start + length);
            if (existing != null) {
                long at = Math.max(existing.va(), va);
                throw new VmmException(at, String.format("VA 0x%x is already mapped (to PA 0x%x, %s page); unmap it "
                        + "first or map with overwrite", at, existing.pa() + (at - existing.va()),
                        PagingSizes.name(existing.size())));
            }
        }
        String what = String.format("mapping 0x%x+0x%x", va, length);
        run(what, t -> {
            for (long off = 0; off < length;) {
                long size = pageSize(start + off, pa + off, length - off, options);
                int level = mode.levelOfPageSize(size);
                long v = start + off;
                long table = tableFor(t, v, level, what);
                int i = mode.index(v, level);
                long old = t.read(table + (long) i * entrySize);
                if ((old & P) != 0 && level > 1 && !mode.isLeaf(old, level, pse())) {
                    releaseSubtree(t, mode.address(old, level, pse()), level - 1);
                }
                setEntry(t, table, level, i, mode.encodeLeaf(level, pa + off, bits));
                off += size;
            }
        });
        flush(va, length, options);
    }

    /** Checks PA alignment, any forced page size, and the mode's physical reach page by page. */
    private void checkPhysical(long va, long pa, long length, MapOptions options) {
        if ((pa & (PAGE - 1)) != 0) {
            throw new VmmException(pa, String.format("PA 0x%x is not 4 KiB aligned", pa));
        }
        if (pa < 0 || pa + length < 0 || Long.compareUnsigned(pa + length, mode.physicalLimit()) > 0) {
            long first = Long.compareUnsigned(pa, mode.physicalLimit()) >= 0 ? pa : mode.physicalLimit();
            throw new VmmException(first, String.format("PA 0x%x is beyond %s, the physical reach of %s paging", first,
                    PagingSizes.name(mode.physicalLimit()), mode.name()));
        }
        long forced = options.pageSize();
        if (forced != 0) {
            int level = mode.levelOfPageSize(forced);
            if (level == 0) {
                throw new VmmException(va, String.format("page size 0x%x is not one of %s paging's (%s)", forced,
                        mode.name(), sizes()));
            }
            if (!largeLeafAllowed(level)) {
                throw new VmmException(va, PagingSizes.name(forced) + " pages need CR4.PSE in " + mode.name() + " paging");
            }
            String size = PagingSizes.name(forced);
            if ((va & (forced - 1)) != 0) {
                throw new VmmException(va, String.format("VA 0x%x is not %s aligned", va, size));
            }
            if ((pa & (forced - 1)) != 0) {
                throw new VmmException(pa, String.format("PA 0x%x is not %s aligned", pa, size));
            }
            if ((length & (forced - 1)) != 0) {
                throw new VmmException(va, String.format("length 0x%x is not a multiple of %s", length, size));
            }
        }
        for (long off = 0; off < length;) {
            long size = pageSize(raw(va) + off, pa + off, length - off, options);
            int level = mode.levelOfPageSize(size);
            long limit = mode.leafPhysicalLimit(level);
            if (Long.compareUnsigned(pa + off + size, limit) > 0) {
                String hint = mode.leafPhysicalLimit(level) < mode.physicalLimit()
                        ? " (only 4 MiB pages, with CR4.PSE and PSE-36, reach " + PagingSizes.name(mode.physicalLimit()) + ")"
                        : "";
                throw new VmmException(pa + off, String.format("PA 0x%x is beyond %s, the reach of %s paging's %s pages%s",
                        pa + off, PagingSizes.name(limit), mode.name(), PagingSizes.name(size), hint));
            }
            off += size;
        }
    }

    private String sizes() {
        StringBuilder sb = new StringBuilder();
        for (long s : mode.pageSizes()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(PagingSizes.name(s));
        }
        return sb.toString();
    }

    /** The forced size, else the largest page that alignment, the remaining length and the mode allow. */
    private long pageSize(long rawVa, long pa, long remaining, MapOptions options) {
        if (options.pageSize() != 0) {
            return options.pageSize();
        }
        long[] sizes = mode.pageSizes();
        for (int k = sizes.length - 1; k > 0; k--) {
            long s = sizes[k];
            int level = mode.levelOfPageSize(s);
            if ((rawVa & (s - 1)) == 0 && (pa & (s - 1)) == 0 && remaining >= s && largeLeafAllowed(level)
                    && Long.compareUnsigned(pa + s, mode.leafPhysicalLimit(level)) <= 0) {
                return s;
            }
        }
        return PAGE;
    }

    /** The table at {@code level} covering raw {@code v}, creating tables and splitting large pages above it. */
    private long tableFor(TableTxn t, long v, int level, String what) {
        long table = root;
        for (int l = levels; l > level; l--) {
            int i = mode.index(v, l);
            long e = t.read(table + (long) i * entrySize);
            if ((e & P) == 0) {
                long next = t.allocTable(canonical(v), what);
                setEntry(t, table, l, i, mode.encodeTable(l, next, tableRights(l)));
                table = next;
            } else if (mode.isLeaf(e, l, pse())) {
                table = split(t, table, l, i, e, v & -mode.leafSize(l), what);
            } else {
                table = mode.address(e, l, pse());
            }
        }
        return table;
    }

    /**
     * Replaces the large leaf {@code e} (entry {@code i} of {@code table} at {@code level}) by a table
     * of next-smaller leaves with the same frame range and flags, so part of it can change.
     */
    private long split(TableTxn t, long table, int level, int i, long e, long base, String what) {
        int child = level - 1;
        long frame = mode.address(e, level, pse());
        long step = mode.leafSize(child);
        long flags = mode.leafFlags(e, level);
        if (child == 1 && (flags & PAT_LARGE) != 0) {
            flags = (flags & ~PAT_LARGE) | PAT; // PAT moves from bit 12 to bit 7 in a PTE
        }
        long next = t.allocTable(canonical(base), what);
        try {
            for (int k = 0; k < mode.entriesPerTable(child); k++) {
                t.write(next + (long) k * entrySize, mode.encodeLeaf(child, frame + k * step, flags));
            }
        } catch (IllegalArgumentException ex) {
            throw new VmmException(canonical(base), String.format("cannot split the %s page at 0x%x: %s",
                    PagingSizes.name(mode.leafSize(level)), canonical(base), ex.getMessage()));
        }
        setEntry(t, table, level, i, mode.encodeTable(level, next, tableRights(level)));
        return next;
    }

    /** Releases {@code table} at {@code level} and every table below it (they are no longer referenced). */
    private void releaseSubtree(TableTxn t, long table, int level) {
        if (level > 1) {
            for (int i = 0; i < mode.entriesPerTable(level); i++) {
                long e = t.read(table + (long) i * entrySize);
                if ((e & P) != 0 && !mode.isLeaf(e, level, pse())) {
                    releaseSubtree(t, mode.address(e, level, pse()), level - 1);
                }
            }
        }
        t.release(table);
    }

    /**
     * Writes entry {@code i} of {@code table}; a kernel space's top-level kernel-half entries are
     * written into every user space as well, so they keep sharing the kernel half.
     */
    private void setEntry(TableTxn t, long table, int level, int i, long value) {
        t.write(table + (long) i * entrySize, value);
        if (kernel == null && table == root && i >= kernelTopIndex) {
            for (PagingAddressSpace u : users) {
                t.write(u.root + (long) i * entrySize, value);
            }
        }
    }

    // ---- unmap, protect, allocPages ------------------------------------------------------------

    @Override
    public void unmap(long va, long length) {
        unmap(va, length, MapOptions.DEFAULT);
    }

    @Override
    public void unmap(long va, long length, MapOptions options) {
        long start = checkRange(va, length);
        checkFullyMapped(start, start + length);
        String what = String.format("unmapping 0x%x+0x%x", va, length);
        run(what, t -> clear(t, root, levels, 0, start, start + length, what));
        flush(va, length, options);
    }

    /** Clears the leaves of raw {@code [start, end)} below {@code table}; true if the table is now empty. */
    private boolean clear(TableTxn t, long table, int level, long base, long start, long end, String what) {
        int shift = mode.indexShift(level);
        long span = 1L << shift;
        int first = (int) ((Math.max(start, base) - base) >>> shift);
        int last = (int) ((Math.min(end, base + span * mode.entriesPerTable(level)) - 1 - base) >>> shift);
        for (int i = first; i <= last; i++) {
            long e = t.read(table + (long) i * entrySize);
            if ((e & P) == 0) {
                continue;
            }
            long from = base + i * span;
            if (level == 1 || mode.isLeaf(e, level, pse())) {
                if (start <= from && from + span <= end) {
                    setEntry(t, table, level, i, 0);
                } else {
                    clear(t, split(t, table, level, i, e, from, what), level - 1, from, start, end, what);
                }
            } else {
                long child = mode.address(e, level, pse());
                if (clear(t, child, level - 1, from, start, end, what)) {
                    setEntry(t, table, level, i, 0);
                    t.release(child);
                }
            }
        }
        return table != root && isEmpty(t, table, level);
    }

    private boolean isEmpty(TableTxn t, long table, int level) {
        return t.presentEntries(table, level) == 0;
    }

    @Override
    public void protect(long va, long length, Rights rights) {
        protect(va, length, rights, MapOptions.DEFAULT);
    }

    @Override
    public void protect(long va, long length, Rights rights, MapOptions options) {
        long start = checkRange(va, length);
        long bits = leafBits(va, rights);
        checkFullyMapped(start, start + length);
        String what = String.format("protecting 0x%x+0x%x", va, length);
        run(what, t -> reprotect(t, root, levels, 0, start, start + length, bits, what));
        flush(va, length, options);
    }

    private void reprotect(TableTxn t, long table, int level, long base, long start, long end, long bits, String what) {
        int shift = mode.indexShift(level);
        long span = 1L << shift;
        int first = (int) ((Math.max(start, base) - base) >>> shift);
        int last = (int) ((Math.min(end, base + span * mode.entriesPerTable(level)) - 1 - base) >>> shift);
        long rightsMask = RW | US | G | (mode.hasExecuteDisable() ? XD : 0);
        for (int i = first; i <= last; i++) {
            long e = t.read(table + (long) i * entrySize);
            if ((e & P) == 0) {
                continue;
            }
            long from = base + i * span;
            if (level == 1 || mode.isLeaf(e, level, pse())) {
                if (start <= from && from + span <= end) {
                    setEntry(t, table, level, i, (e & ~rightsMask) | (bits & rightsMask));
                } else {
                    reprotect(t, split(t, table, level, i, e, from, what), level - 1, from, start, end, bits, what);
                }
            } else {
                reprotect(t, mode.address(e, level, pse()), level - 1, from, start, end, bits, what);
            }
        }
    }

    @Override
    public long allocPages(long va, long pages, Rights rights, Owner owner) {
        Objects.requireNonNull(owner, "owner");
        if (pages <= 0 || pages > Long.MAX_VALUE / PAGE) {
            throw new VmmException(va, "page count must be positive, was " + pages);
        }
        long length = pages * PAGE;
        long start = checkRange(va, length);
        long bits = leafBits(va, rights);
        if (allocInOneTable(va, start, pages, bits, owner)) {
            flush(va, length, MapOptions.DEFAULT);
            return va;
        }
        Mapping existing = firstMapped(start, start + length);
        if (existing != null) {
            long at = Math.max(existing.va(), va);
            throw new VmmException(at, String.format("VA 0x%x is already mapped (to PA 0x%x); allocPages needs free "
                    + "virtual pages", at, existing.pa() + (at - existing.va())));
        }
        String what = allocWhat(va, pages);
        run(what, t -> {
            for (long k = 0; k < pages; k++) {
                long v = start + k * PAGE;
                long frame = frames.allocFrame(owner);
                if (frame == FrameAllocator.NO_FRAME) {
                    throw outOfFrames(va, pages, v, k);
                }
                t.addDataFrame(frame);
                long table = tableFor(t, v, 1, what);
                setEntry(t, table, 1, mode.index(v, 1), mode.encodeLeaf(1, frame, bits));
            }
        });
        flush(va, length, MapOptions.DEFAULT);
        return va;
    }

    private static String allocWhat(long va, long pages) {
        return String.format("allocPages(0x%x, %d)", va, pages);
    }

    private VmmException outOfFrames(long va, long pages, long rawVa, long got) {
        return new VmmException(canonical(rawVa), String.format("out of frames: %s got %d of %d pages; gave "
                + "them back, nothing changed", allocWhat(va, pages), got, pages));
    }

    /**
     * allocPages inside one page table that already exists, the kernel heap's common case: no walk
     * per page, no lambda, no message unless something fails. Writes exactly what the general path
     * writes, in the same order. False, having done nothing, if the range is not inside one present
     * page table or any of its pages is mapped: the general path then decides (and words any refusal).
     */
    private boolean allocInOneTable(long va, long start, long pages, long bits, Owner owner) {
        long pt = pageTable(start, pages);
        if (pt < 0) {
            return false;
        }
        long first = pt + (long) mode.index(start, 1) * entrySize;
        for (int k = 0; k < pages; k++) {
            if ((mode.readEntry(ram, first + (long) k * entrySize) & P) != 0) {
                return false;
            }
        }
        TableTxn t = txn.begin(frames);
        try {
            for (int k = 0; k < pages; k++) {
                long frame = frames.allocFrame(owner);
                if (frame == FrameAllocator.NO_FRAME) {
                    throw outOfFrames(va, pages, start + k * PAGE, k);
                }
                t.addDataFrame(frame);
                t.write(first + (long) k * entrySize, mode.encodeLeaf(1, frame, bits));
            }
        } catch (RuntimeException e) {
            throw abort(t, e, allocWhat(va, pages));
        }
        commit(t);
        return true;
    }

    /**
     * freePages inside one page table whose pages are all mapped by 4 KiB leaves to allocated frames:
     * clears them, gives back the tables that became empty (deepest first, as {@link #clear} does),
     * invalidates the range and frees the frames. False, having done nothing, otherwise: the general
     * path then decides (and words any refusal).
     */
    private boolean freeInOneTable(long va, long start, long pages) {
        long pt = pageTable(start, pages);
        if (pt < 0) {
            return false;
        }
        long first = pt + (long) mode.index(start, 1) * entrySize;
        long[] pas = new long[(int) pages];
        for (int k = 0; k < pages; k++) {
            long e = mode.readEntry(ram, first + (long) k * entrySize);
            if ((e & P) == 0) {
                return false;
            }
            pas[k] = mode.address(e, 1, pse());
            if (frames.state(pas[k]) != FrameState.ALLOCATED) {
                return false;
            }
        }
        long length = pages * PAGE;
        TableTxn t = txn.begin(frames);
        try {
            for (int k = 0; k < pages; k++) {
                t.write(first + (long) k * entrySize, 0);
            }
            releaseEmptyTables(t, start);
        } catch (RuntimeException e) {
            throw abort(t, e, String.format("unmapping 0x%x+0x%x", va, length));
        }
        commit(t);
        flush(va, length, MapOptions.DEFAULT);
        for (long pa : pas) {
            frames.freeFrame(pa);
        }
        return true;
    }

    /**
     * The page table holding all of raw {@code [start, start + pages pages)}, with {@link #path} set
     * from the root down to it; -1 if the range spans page tables or the walk meets a non-present
     * entry or a large page.
     */
    private long pageTable(long start, long pages) {
        int ptShift = mode.indexShift(2);
        if ((start >>> ptShift) != ((start + pages * PAGE - 1) >>> ptShift)) {
            return -1;
        }
        long table = root;
        path[levels] = root;
        for (int l = levels; l > 1; l--) {
            long e = mode.readEntry(ram, table + (long) mode.index(start, l) * entrySize);
            if ((e & P) == 0 || mode.isLeaf(e, l, pse())) {
                return -1;
            }
            table = mode.address(e, l, pse());
            path[l - 1] = table;
        }
        return table;
    }

    /** After clearing leaves under {@link #path}: unhooks and releases each table left empty, up to the root's child. */
    private void releaseEmptyTables(TableTxn t, long start) {
        for (int level = 1; level < levels; level++) {
            long table = path[level];
            if (!isEmpty(t, table, level)) {
                return;
            }
            setEntry(t, path[level + 1], level + 1, mode.index(start, level + 1), 0);
            t.release(table);
        }
    }

    @Override
    public void freePages(long va, long pages) {
        if (pages <= 0 || pages > Long.MAX_VALUE / PAGE) {
            throw new VmmException(va, "page count must be positive, was " + pages);
        }
        long length = pages * PAGE;
        long start = checkRange(va, length);
        if (freeInOneTable(va, start, pages)) {
            return;
        }
        checkFullyMapped(start, start + length);
        long[] pas = new long[(int) pages];
        for (int k = 0; k < pages; k++) {
            long v = canonical(start + k * PAGE);
            Mapping m = lookup(v).orElseThrow();
            pas[k] = m.pa() + (v - m.va());
            if (frames.state(pas[k]) != FrameState.ALLOCATED) {
                throw new VmmException(v, String.format("VA 0x%x maps frame 0x%x, which the frame allocator has %s; "
                        + "freePages only frees allocated frames", v, pas[k], frames.state(pas[k])));
            }
        }
        unmap(va, length);
        for (long pa : pas) {
            frames.freeFrame(pa);
        }
    }

    /** Runs one edit transaction: commit and bump the version, or roll back and rethrow. */
    private void run(String what, java.util.function.Consumer<TableTxn> edit) {
        TableTxn t = txn.begin(frames);
        try {
            edit.accept(t);
        } catch (RuntimeException e) {
            throw abort(t, e, what);
        }
        commit(t);
    }

    private void commit(TableTxn t) {
        t.commit();
        version++;
    }

    /** Rolls {@code t} back and returns the exception to throw: a VmmException as is, else wrapped. */
    private static RuntimeException abort(TableTxn t, RuntimeException e, String what) {
        t.rollback();
        if (e instanceof VmmException) {
            return e;
        }
        return new VmmException(-1, what + " failed and was rolled back: " + e.getMessage(), e);
    }

    private void flush(long va, long length, MapOptions options) {
        if (options.flush()) {
            mmu.invalidate(va, length);
        }
    }

    // ---- reading the tables --------------------------------------------------------------------

    /** Visits present leaves; returns false to stop. */
    private interface LeafVisitor {
        boolean leaf(long rawVa, long pa, long size, int rights, int level, long entry);
    }

    private static final int R_W = 1;
    private static final int R_U = 2;
    private static final int R_X = 4;

    /** Visits the present leaves overlapping raw {@code [start, end)} in order; false if stopped early. */
    private boolean visit(long table, int level, long base, long start, long end, int rights, LeafVisitor v) {
        int shift = mode.indexShift(level);
        long span = 1L << shift;
        int first = (int) ((Math.max(start, base) - base) >>> shift);
        int last = (int) ((Math.min(end, base + span * mode.entriesPerTable(level)) - 1 - base) >>> shift);
        for (int i = first; i <= last; i++) {
            long e = mode.readEntry(ram, table + (long) i * entrySize);
            if ((e & P) == 0) {
                continue;
            }
            int r = rights;
            if (mode.controlsRights(level)) {
                r &= ((e & RW) != 0 ? ~0 : ~R_W) & ((e & US) != 0 ? ~0 : ~R_U);
                if (e < 0) {
                    r &= ~R_X; // XD (bit 63; 4-byte entries are never negative)
                }
            }
            long from = base + i * span;
            if (level == 1 || mode.isLeaf(e, level, pse())) {
                if (!v.leaf(from, mode.address(e, level, pse()), span, r, level, e)) {
                    return false;
                }
            } else if (!visit(mode.address(e, level, pse()), level - 1, from, start, end, r, v)) {
                return false;
            }
        }
        return true;
    }

    private long rawEnd() {
        return 1L << vaBits;
    }

    private Mapping toMapping(long rawVa, long pa, long size, int r, int level, long entry) {
        boolean global = (entry & G) != 0;
        return new Mapping(canonical(rawVa), pa, size, new Rights((r & R_W) != 0, (r & R_X) != 0, (r & R_U) != 0, global),
                level, entry);
    }

    private Mapping firstMapped(long start, long end) {
        Mapping[] found = new Mapping[1];
        visit(root, levels, 0, start, end, R_W | R_U | R_X, (va, pa, size, r, level, e) -> {
            found[0] = toMapping(va, pa, size, r, level, e);
            return false;
        });
        return found[0];
    }

    /** Refuses a range with any unmapped page, naming the first. */
    private void checkFullyMapped(long start, long end) {
        long[] next = {start};
        visit(root, levels, 0, start, end, R_W | R_U | R_X, (va, pa, size, r, level, e) -> {
            if (va > next[0]) {
                return false;
            }
            next[0] = va + size;
            return next[0] < end;
        });
        if (next[0] < end) {
            throw new VmmException(canonical(next[0]), String.format("VA 0x%x is not mapped", canonical(next[0])));
        }
    }

    @Override
    public Optional<Mapping> lookup(long va) {
        if (!mode.isCanonical(va)) {
            return Optional.empty();
        }
        long r = raw(va) & -PAGE;
        return Optional.ofNullable(firstMapped(r, r + PAGE));
    }

    @Override
    public List<Mapping> mappings() {
        List<Mapping> out = new ArrayList<>();
        visit(root, levels, 0, 0, rawEnd(), R_W | R_U | R_X, (va, pa, size, r, level, e) -> {
            out.add(toMapping(va, pa, size, r, level, e));
            return true;
        });
        return out;
    }

    @Override
    public long[] tableFrames() {
        TableTxn.LongList out = new TableTxn.LongList();
        collectTables(root, levels, out);
        long[] a = new long[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private void collectTables(long table, int level, TableTxn.LongList out) {
        out.add(table);
        if (level == 1) {
            return;
        }
        for (int i = 0; i < mode.entriesPerTable(level); i++) {
            long e = mode.readEntry(ram, table + (long) i * entrySize);
            if ((e & P) != 0 && !mode.isLeaf(e, level, pse())) {
                collectTables(mode.address(e, level, pse()), level - 1, out);
            }
        }
    }

    /** The host's count of present entries in {@code table}, or {@link PresentCounts#UNKNOWN} (for tests). */
    int presentCount(long table) {
        return counts.get(table);
    }

    // ---- user spaces ---------------------------------------------------------------------------

    @Override
    public AddressSpace createUserSpace() {
        checkUsable();
        if (kernel != null) {
            throw new VmmException(root, "only the kernel address space can create user spaces");
        }
        TableTxn t = new TableTxn(ram, mode, frames);
        long userRoot = t.allocTable(0, "creating a user address space");
        try {
            mode.cr3For(userRoot);
        } catch (IllegalArgumentException e) {
            t.rollback();
            throw new VmmException(userRoot, "root table: " + e.getMessage());
        }
        for (int i = kernelTopIndex; i < mode.entriesPerTable(levels); i++) {
            long e = mode.readEntry(ram, root + (long) i * entrySize);
            if (e != 0) {
                mode.writeEntry(ram, userRoot + (long) i * entrySize, e);
            }
        }
        t.commit();
        PagingAddressSpace user = new PagingAddressSpace(mmu, frames, userRoot, this);
        users.add(user);
        return user;
    }

    @Override
    public AddressSpace attachUserSpace(long userRoot) {
        checkUsable();
        if (kernel != null) {
            throw new VmmException(root, "only the kernel address space can take user spaces");
        }
        try {
            mode.cr3For(userRoot);
        } catch (IllegalArgumentException e) {
            throw new VmmException(userRoot, "user space root: " + e.getMessage());
        }
        if (userRoot == root || users.stream().anyMatch(u -> u.root == userRoot)) {
            throw new VmmException(userRoot, String.format("0x%x is already the root of %s", userRoot,
                    userRoot == root ? "the kernel space" : "a user space"));
        }
        PagingAddressSpace user = new PagingAddressSpace(mmu, frames, userRoot, this);
        users.add(user);
        return user;
    }

    @Override
    public void destroy() {
        checkUsable();
        if (kernel == null) {
            throw new VmmException(root, "the kernel address space cannot be destroyed");
        }
        for (int i = 0; i < kernelTopIndex; i++) {
            long e = mode.readEntry(ram, root + (long) i * entrySize);
            if ((e & P) != 0 && !mode.isLeaf(e, levels, pse())) {
                freeTree(mode.address(e, levels, pse()), levels - 1);
            }
        }
        frames.freeFrame(root);
        kernel.users.remove(this);
        destroyed = true;
        version++;
    }

    private void freeTree(long table, int level) {
        if (level > 1) {
            for (int i = 0; i < mode.entriesPerTable(level); i++) {
                long e = mode.readEntry(ram, table + (long) i * entrySize);
                if ((e & P) != 0 && !mode.isLeaf(e, level, pse())) {
                    freeTree(mode.address(e, level, pse()), level - 1);
                }
            }
        }
        frames.freeFrame(table);
    }

    @Override
    public String toString() {
        return String.format("%s %s address space, root 0x%x", mode.name(), kernel == null ? "kernel" : "user", root);
    }
}
