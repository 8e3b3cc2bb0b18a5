package memwb.views.physical;

import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFaultException;
import memwb.api.vmm.Privilege;

/**
 * A linear address space read through the machine's MMU (supervisor accesses): an unmapped page
 * reads as unreadable with the #PF text, page by page, so one hole does not blank a whole row.
 */
final class VirtualSource implements ByteSource {
    private static final long PAGE = 4096;
    private final Mmu mmu;
    private final long end;

    VirtualSource(Mmu mmu, long end) {
        this.mmu = mmu;
        this.end = end;
    }

    @Override
    public long end() {
        return end;
    }

    @Override
    public String space() {
        return "virtual";
    }

    @Override
    public String read(long address, byte[] dst, boolean[] readable) {
        String why = null;
        int i = 0;
        while (i < dst.length) {
            long va = address + i;
            int n = (int) Math.min(dst.length - i, PAGE - (va & (PAGE - 1)));
            try {
                mmu.readVirtual(va, dst, i, n, Privilege.SUPERVISOR);
                java.util.Arrays.fill(readable, i, i + n, true);
            } catch (PageFaultException e) {
                java.util.Arrays.fill(readable, i, i + n, false);
                why = why == null ? e.getMessage() : why;
            }
            i += n;
        }
        return why;
    }

    /** Writes through the MMU; a fault is refused with the #PF text and nothing is written. */
    @Override
    public void write(long address, byte[] bytes) {
        try {
            mmu.writeVirtual(address, bytes, 0, bytes.length, Privilege.SUPERVISOR);
        } catch (PageFaultException e) {
            throw new IllegalArgumentException(String.format("cannot write at 0x%x: %s; nothing written", address, e.getMessage()), e);
        }
    }
}
