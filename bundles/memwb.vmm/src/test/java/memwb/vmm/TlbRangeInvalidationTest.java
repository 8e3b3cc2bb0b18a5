package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.TlbConfig;

/** Ranged invalidation drops exactly the 4 KiB entries inside the range, whether it looks in a few sets or scans all. */
class TlbRangeInvalidationTest {
    private static final long PAGE = 4096;
    private static final long BASE = 0xffffc90000000000L;

    @Test
    void smallAndLargeRangesDropExactlyTheOverlappingEntriesAndKeepTheRest() {
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            Tlb tlb = new Tlb(TlbConfig.DEFAULT);
            for (int k = 0; k < 100; k++) {
                tlb.fill4k(BASE + random.nextInt(256) * PAGE, 0x200000L + k * PAGE, Tlb.R_W);
            }
            Set<Long> before = cachedPages(tlb);
            long va = BASE + random.nextInt(256) * PAGE;
            long length = (1 + random.nextInt(random.nextBoolean() ? 4 : 96)) * PAGE;
            tlb.invalidateRange(va, length);
            Set<Long> expected = new HashSet<>();
            for (long page : before) {
                if (Long.compareUnsigned(page, va) < 0 || Long.compareUnsigned(page, va + length - 1) > 0) {
                    expected.add(page);
                }
            }
            assertEquals(expected, cachedPages(tlb), String.format("after invalidating 0x%x+0x%x", va, length));
        }
    }

    private static Set<Long> cachedPages(Tlb tlb) {
        Set<Long> pages = new HashSet<>();
        for (int i = 0; i < tlb.e4k.length; i += Tlb.SLOT) {
            long tag = tlb.e4k[i + Tlb.TAG];
            if (tag != -1L) {
                pages.add(tag << 12);
            }
        }
        return pages;
    }
}
