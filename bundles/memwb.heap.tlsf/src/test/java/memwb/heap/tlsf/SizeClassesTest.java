package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SizeClassesTest {
    @Test
    void everySizeFallsInsideItsListsBoundsAndTheRoundedUpListOnlyHoldsBlocksThatFit() {
        for (long size = 16; size < (1L << 22); size += 16) {
            int list = SizeClasses.listOf(size);
            assertTrue(SizeClasses.lowerBound(list) <= size && size < SizeClasses.upperBound(list), "size " + size);
            int sure = SizeClasses.firstListHolding(size);
            assertTrue(SizeClasses.lowerBound(sure) >= size, "every block on list " + sure + " holds " + size);
            assertTrue(sure <= list + 1);
        }
        assertEquals(SizeClasses.LIST_COUNT - 1, SizeClasses.listOf(SizeClasses.MAX_BLOCK - 16));
    }

    @Test
    void liveSetAgreesWithAHashSetUnderRandomAddsAndRemoves() {
        LiveSet set = new LiveSet();
        Set<Long> model = new HashSet<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long key = 0x1000 + 16L * rnd.nextInt(5000);
            if (model.contains(key)) {
                assertTrue(set.remove(key));
                model.remove(key);
            } else {
                assertFalse(set.contains(key));
                set.add(key);
                model.add(key);
            }
            assertEquals(model.size(), set.size());
        }
        for (long k = 0x1000; k < 0x1000 + 16 * 5000; k += 16) {
            assertEquals(model.contains(k), set.contains(k));
        }
    }
}
