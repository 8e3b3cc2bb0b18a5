package memwb.heap.support;

import java.util.Locale;
import java.util.function.Supplier;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.vmm.Access;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.Translation;
import memwb.api.vmm.VmmException;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;

/**
 * The heap range {@code [base, limit)} of the kernel address space, reached the way kernel code
 * reaches it: every byte goes through {@link Mmu#translate} as the supervisor (A and D bits, the TLB,
 * faults), then to physical RAM. Pages come from {@link AddressSpace#allocPages} (frames owned by
 * {@link Owner#HEAP}) and go back through {@link AddressSpace#freePages}.
 *
 * <p>The MMU and the space are suppliers because the machine can swap the paging mode under a live
 * heap; each access asks for the current ones. {@link #read64}/{@link #write64} allocate nothing.
 */
public final class VmmHeapMemory implements HeapMemory {
    private static final long WORD = 8;
    /** How the VMM words a refusal for lack of frames (PagingAddressSpace, TableTxn): not misuse, just full. */
    private static final String OUT_OF_FRAMES = "out of frames";

    private final Supplier<Mmu> mmu;
    private final Supplier<AddressSpace> space;
    private final long base;
    private final long limit;
    private final long size;
    private long mappedPages;

    /**
     * A heap range over the kernel space {@code space()} as the MMU {@code mmu()} sees it. Pages of the
     * range already mapped (a heap left them) are counted.
     *
     * @throws IllegalArgumentException if base or limit is not page aligned or the range is empty
     */
    public VmmHeapMemory(Supplier<Mmu> mmu, Supplier<AddressSpace> space, long base, long limit) {
        if ((base & (PAGE_SIZE - 1)) != 0 || (limit & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "heap range 0x%x-0x%x: base and limit must be 4 KiB aligned", base, limit));
        }
        if (Long.compareUnsigned(base, limit) >= 0 || Long.compareUnsigned(limit - base, CONTROL_BYTES) < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "heap range 0x%x-0x%x: must hold at least the control page (0x%x bytes)", base, limit, CONTROL_BYTES));
        }
        this.mmu = mmu;
        this.space = space;
        this.base = base;
        this.limit = limit;
        this.size = limit - base;
        this.mappedPages = countMapped();
    }

    @Override
    public long base() {
        return base;
    }

    @Override
    public long limit() {
        return limit;
    }

    /** The current MMU (after a paging-mode swap, the new one). */
    public Mmu mmu() {
        return mmu.get();
    }

    @Override
    public long read64(long va) {
        checkWord(va);
        Mmu m = mmu.get();
        long pa = m.translate(va, Access.READ, Privilege.SUPERVISOR);
        if (Mmu.isFault(pa)) {
            throw fault(m, va, Access.READ);
        }
        return m.ram().read64(pa);
    }

    @Override
    public void write64(long va, long value) {
        checkWord(va);
        Mmu m = mmu.get();
        long pa = m.translate(va, Access.WRITE, Privilege.SUPERVISOR);
        if (Mmu.isFault(pa)) {
            throw fault(m, va, Access.WRITE);
        }
        m.ram().write64(pa, value);
    }

    /** Reads bytes page by page; nothing is read if the range leaves the heap. */
    @Override
    public void read(long va, byte[] dst, int offset, int length) {
        checkRange(va, length);
        Mmu m = mmu.get();
        PhysicalMemory ram = m.ram();
        int done = 0;
        while (done < length) {
            long v = va + done;
            int n = (int) Math.min(length - done, PAGE_SIZE - (v & (PAGE_SIZE - 1)));
            ram.read(translate(m, v, Access.READ), dst, offset + done, n);
            done += n;
        }
    }

    /** Writes bytes page by page; every page is translated first, so a fault writes nothing. */
    @Override
    public void write(long va, byte[] src, int offset, int length) {
        checkRange(va, length);
        Mmu m = mmu.get();
        probe(m, va, length, Access.WRITE);
        PhysicalMemory ram = m.ram();
        int done = 0;
        while (done < length) {
            long v = va + done;
            int n = (int) Math.min(length - done, PAGE_SIZE - (v & (PAGE_SIZE - 1)));
            ram.write(translate(m, v, Access.WRITE), src, offset + done, n);
            done += n;
        }
    }

    /**
     * memmove through a page-sized buffer: forwards when the destination is below the source,
     * backwards otherwise, so overlapping ranges copy as C's memmove does.
     */
    @Override
    public void copy(long dst, long src, long length) {
        checkRange(src, length);
        checkRange(dst, length);
        if (length == 0 || dst == src) {
            return;
        }
        Mmu m = mmu.get();
        probe(m, src, length, Access.READ);
        probe(m, dst, length, Access.WRITE);
        byte[] buffer = new byte[(int) Math.min(length, PAGE_SIZE)];
        boolean backwards = Long.compareUnsigned(dst, src) > 0;
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(length - done, buffer.length);
            long off = backwards ? length - done - n : done;
            read(src + off, buffer, 0, n);
            write(dst + off, buffer, 0, n);
            done += n;
        }
    }

    /** memset page by page; every page is translated first, so a fault writes nothing. */
    @Override
    public void fill(long va, long length, byte value) {
        checkRange(va, length);
        Mmu m = mmu.get();
        probe(m, va, length, Access.WRITE);
        PhysicalMemory ram = m.ram();
        long done = 0;
        while (done < length) {
            long v = va + done;
            long n = Math.min(length - done, PAGE_SIZE - (v & (PAGE_SIZE - 1)));
            ram.fill(translate(m, v, Access.WRITE), n, value);
            done += n;
        }
    }

    /**
     * Maps {@code pages} fresh pages from {@code va}: read/write, supervisor, global, and no-execute
     * when the mode and EFER.NXE can say so (32-bit paging cannot). False, having taken nothing, when
     * the frame allocator runs out.
     */
    @Override
    public boolean mapPages(long va, long pages) {
        checkPages(va, pages, "mapPages");
        Mmu m = mmu.get();
        boolean noExecute = m.mode().hasExecuteDisable() && m.registers().nxe();
        try {
            space.get().allocPages(va, pages, new Rights(true, !noExecute, false, true), Owner.HEAP);
        } catch (VmmException e) {
            if (e.getMessage() != null && e.getMessage().contains(OUT_OF_FRAMES)) {
                return false;
            }
            throw new HeapException(e.address(), String.format(Locale.ROOT, "mapPages(0x%x, %d): %s", va, pages,
                    e.getMessage()));
        }
        mappedPages += pages;
        return true;
    }

    /** Unmaps and frees {@code pages} pages from {@code va}; a refusal changes nothing. */
    @Override
    public void unmapPages(long va, long pages) {
        checkPages(va, pages, "unmapPages");
        try {
            space.get().freePages(va, pages);
        } catch (VmmException e) {
            throw new HeapException(e.address(), String.format(Locale.ROOT, "unmapPages(0x%x, %d): %s", va, pages,
                    e.getMessage()));
        }
        mappedPages -= pages;
    }

    /** True if the page holding {@code va} is mapped. @throws HeapException if {@code va} is outside the range */
    @Override
    public boolean isMapped(long va) {
        checkRange(va, 1);
        return space.get().lookup(va).isPresent();
    }

    @Override
    public long mappedPages() {
        return mappedPages;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "heap range 0x%x-0x%x, %d pages mapped", base, limit, mappedPages);
    }

    /** Pages of the range mapped now, counted once from the space's leaves (a large page by its 4 KiB pages). */
    private long countMapped() {
        long pages = 0;
        for (Mapping mp : space.get().mappings()) {
            long from = Long.compareUnsigned(mp.va(), base) < 0 ? base : mp.va();
            long to = Long.compareUnsigned(mp.end() - 1, limit - 1) > 0 ? limit : mp.end();
            if (Long.compareUnsigned(from, to) < 0) {
                pages += (to - from) / PAGE_SIZE;
            }
        }
        return pages;
    }

    private void checkWord(long va) {
        if (Long.compareUnsigned(va - base, size - WORD) > 0 || (va & (WORD - 1)) != 0) {
            throw new HeapException(va, String.format(Locale.ROOT,
                    "0x%x: a 64-bit heap access must be 8-byte aligned and inside the heap range 0x%x-0x%x", va, base,
                    limit));
        }
    }

    private void checkRange(long va, long length) {
        if (length < 0 || Long.compareUnsigned(va - base, size) > 0
                || Long.compareUnsigned(length, size - (va - base)) > 0) {
            throw new HeapException(va, String.format(Locale.ROOT,
                    "0x%x+0x%x leaves the heap range 0x%x-0x%x", va, length, base, limit));
        }
    }

    private void checkPages(long va, long pages, String what) {
        if ((va & (PAGE_SIZE - 1)) != 0) {
            throw new HeapException(va, String.format(Locale.ROOT, "%s: 0x%x is not page aligned", what, va));
        }
        if (pages <= 0 || pages > size / PAGE_SIZE) {
            throw new HeapException(va, String.format(Locale.ROOT, "%s(0x%x): page count %d is not in 1..%d", what,
                    va, pages, size / PAGE_SIZE));
        }
        checkRange(va, pages * PAGE_SIZE);
    }

    /** Translates every page of a range before any byte moves, so a fault leaves memory as it was. */
    private void probe(Mmu m, long va, long length, Access access) {
        if (length == 0) {
            return;
        }
        long first = va & -PAGE_SIZE;
        long last = (va + length - 1) & -PAGE_SIZE;
        for (long p = first; ; p += PAGE_SIZE) {
            translate(m, Long.compareUnsigned(p, va) < 0 ? va : p, access);
            if (p == last) {
                break;
            }
        }
    }

    private long translate(Mmu m, long va, Access access) {
        long pa = m.translate(va, access, Privilege.SUPERVISOR);
        if (Mmu.isFault(pa)) {
            throw fault(m, va, access);
        }
        return pa;
    }

    /** The cold path: asks the MMU again for the fault in words. */
    private HeapException fault(Mmu m, long va, Access access) {
        Translation t = m.translateDetailed(va, access, Privilege.SUPERVISOR);
        String why = t instanceof PageFault pf
                ? String.format(Locale.ROOT, "#PF error_code(0x%04x): %s", pf.errorCode(), pf.reason())
                : t instanceof GeneralProtection gp ? "#GP: " + gp.reason()
                : "the MMU faulted, then translated the address on a second look";
        return new HeapException(va, String.format(Locale.ROOT, "heap %s at 0x%x faulted: %s",
                access == Access.WRITE ? "write" : "read", va, why));
    }
}
