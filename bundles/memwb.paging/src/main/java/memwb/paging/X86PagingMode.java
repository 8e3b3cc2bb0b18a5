package memwb.paging;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PAT;
import static memwb.api.paging.EntryBits.PAT_LARGE;
import static memwb.api.paging.EntryBits.PCD;
import static memwb.api.paging.EntryBits.PS;
import static memwb.api.paging.EntryBits.PWT;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;

import memwb.api.paging.PagingMode;

/**
 * What every x86 paging mode shares: MAXPHYADDR, the validation of addresses and flags, and the
 * naming of flags. Subclasses give the layout (SDM vol. 3A, 4.3 to 4.5).
 */
abstract class X86PagingMode implements PagingMode {
    static final long KIB_4 = 4096;
    static final long MIB_2 = 2L << 20;
    static final long MIB_4 = 4L << 20;
    static final long GIB_1 = 1L << 30;
    static final long GIB_4 = 1L << 32;

    /** MAXPHYADDR this instance was built for (the CPU's; 52 unless a test asks otherwise). */
    final int maxPhysBits;

    X86PagingMode(int maxPhysBits) {
        if (maxPhysBits < 36 || maxPhysBits > MAX_PHYS_ADDR_BITS) {
            throw new IllegalArgumentException("MAXPHYADDR must be 36..52, was " + maxPhysBits);
        }
        this.maxPhysBits = maxPhysBits;
    }

    /** Bits (maxPhysBits-1):low: where an address of alignment 2^low sits in an entry. */
    final long addressMask(int low) {
        return ((1L << maxPhysBits) - 1) & -(1L << low);
    }

    @Override
    public int levelOfPageSize(long pageSize) {
        for (int level = 1; level <= levels(); level++) {
            if (leafSize(level) == pageSize) {
                return level;
            }
        }
        return 0;
    }

    @Override
    public long[] pageSizes() {
        return java.util.stream.LongStream.rangeClosed(1, levels()).map(l -> leafSize((int) l))
                .filter(s -> s != 0).toArray();
    }

    void checkLevel(int level) {
        if (level < 1 || level > levels()) {
            throw new IllegalArgumentException(name() + " paging has levels 1.." + levels() + ", not " + level);
        }
    }

    /** True if {@code address} is aligned to {@code align} and below {@code limit}: callers test this before building a message. */
    static boolean fits(long address, long align, long limit) {
        return (address & (align - 1)) == 0 && address >= 0 && Long.compareUnsigned(address, limit) < 0;
    }

    /** Refuses an address that is misaligned for {@code align} or at/above {@code limit}. */
    static void checkAddress(String what, long address, long align, long limit, String reach) {
        if ((address & (align - 1)) != 0) {
            throw new IllegalArgumentException(String.format("%s 0x%x is not %s aligned", what, address, size(align)));
        }
        if (address < 0 || Long.compareUnsigned(address, limit) >= 0) {
            throw new IllegalArgumentException(String.format("%s 0x%x is beyond %s, the reach of %s", what, address,
                    size(limit), reach));
        }
    }

    /** Refuses flags outside {@code allowed}, naming the offending bits. */
    static void checkFlags(long flags, long allowed, String where) {
        long bad = flags & ~allowed;
        if (bad != 0) {
            throw new IllegalArgumentException(String.format("flags 0x%x include bits 0x%x that %s cannot carry",
                    flags, bad, where));
        }
    }

    /** "4 KiB", "2 MiB", "1 GiB", "4 GiB", "1 TiB", "4 PiB", "32 bytes". */
    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + " " + units[u];
    }

    @Override
    public String describe(long entry, int level, boolean pse) {
        checkLevel(level);
        StringBuilder sb = new StringBuilder();
        if ((entry & P) == 0) {
            return "not present";
        }
        boolean leaf = isLeaf(entry, level, pse);
        boolean rights = controlsRights(level);
        append(sb, true, "P");
        append(sb, rights && (entry & RW) != 0, "RW");
        append(sb, rights && (entry & US) != 0, "US");
        append(sb, (entry & PWT) != 0, "PWT");
        append(sb, (entry & PCD) != 0, "PCD");
        append(sb, rights && (entry & A) != 0, "A");
        append(sb, leaf && (entry & D) != 0, "D");
        append(sb, level > 1 && (entry & PS) != 0, "PS");
        append(sb, level == 1 && (entry & PAT) != 0, "PAT");
        append(sb, leaf && (entry & G) != 0, "G");
        append(sb, leaf && level > 1 && (entry & PAT_LARGE) != 0, "PAT");
        append(sb, hasExecuteDisable() && (entry & XD) != 0, "XD");
        long rsvd = reservedBits(entry, level, pse, true);
        if (rsvd != 0) {
            sb.append(String.format(" RSVD=0x%x", rsvd));
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, boolean set, String name) {
        if (set) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(name);
        }
    }

    @Override
    public String toString() {
        return name() + " paging";
    }
}
