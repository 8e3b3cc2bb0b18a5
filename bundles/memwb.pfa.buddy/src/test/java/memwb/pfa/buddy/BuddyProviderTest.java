package memwb.pfa.buddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameAllocator;
import memwb.ram.SparseMemory;

class BuddyProviderTest {
    @Test
    void providerIsNamedBuddyAndBuildsABuddyAllocator() {
        BuddyProvider provider = new BuddyProvider();
        assertEquals("buddy", provider.name());
        FrameAllocator pfa = provider.create(new SparseMemory(BuddyFrameAllocatorTest.smallPc()),
                BuddyFrameAllocatorTest.KERNEL, null, Map.of());
        assertEquals("buddy", pfa.name());
        assertEquals(BuddyFrameAllocatorTest.KERNEL - FrameAllocator.FRAME_SIZE, pfa.metadata().get(0).base());
    }

    @Test
    void providerRefusesUnknownOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BuddyProvider().create(
                new SparseMemory(BuddyFrameAllocatorTest.smallPc()), BuddyFrameAllocatorTest.KERNEL, null,
                Map.of("zones", "off")));
        assertEquals("unknown buddy option 'zones' (the buddy allocator has no options)", e.getMessage());
    }
}
