package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import memwb.api.machine.MachineEvent;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;

class EventLogTest {

    @Test
    void aSuppliedMessageIsMadeOnceWhenFirstReadAndNotAtAllIfOverwrittenUnread() {
        EventLog log = new EventLog();
        AtomicInteger made = new AtomicInteger();
        log.record("pfa.alloc", 0x5000, () -> "frame 0x5000 #" + made.incrementAndGet());
        log.record("boot", -1, "plain");
        assertEquals(0, made.get(), "recording does not word the message");

        List<MachineEvent> first = log.since(1);
        List<MachineEvent> again = log.since(1);
        assertEquals(1, made.get(), "worded once, on the first read");
        assertEquals(List.of("frame 0x5000 #1", "plain"), first.stream().map(MachineEvent::message).toList());
        assertEquals(first, again);
        assertEquals(new MachineEvent(1, first.get(0).timeMillis(), "pfa.alloc", 0x5000, "frame 0x5000 #1"), first.get(0));

        AtomicInteger unread = new AtomicInteger();
        for (int i = 0; i < EventLog.CAPACITY; i++) {
            log.record("pfa.free", i, () -> "freed #" + unread.incrementAndGet());
        }
        log.record("pfa.free", -1, () -> "last");
        List<MachineEvent> ring = log.since(1);
        assertEquals(EventLog.CAPACITY, ring.size());
        assertEquals(EventLog.CAPACITY + 3, ring.get(ring.size() - 1).sequence());
        assertEquals("last", ring.get(ring.size() - 1).message());
        assertEquals(EventLog.CAPACITY - 1, unread.get(), "the event pushed out of the ring unread was never worded");
    }

    @Test
    void aRecordingFrameAllocatorLogsFramesWithTheAllocatorsNameAndTheOwner() {
        SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 16L << 20, RegionType.USABLE))));
        EventLog log = new EventLog();
        RecordingFrameAllocator frames = new RecordingFrameAllocator(BytemapFrameAllocator.create(ram, 1L << 20, null, null), log);
        long pa = frames.allocFrame(Owner.HEAP);
        frames.freeFrame(pa);
        List<MachineEvent> events = log.since(log.lastSequence() - 1);
        assertEquals(String.format("bytemap: frame 0x%x for %s", pa, Owner.HEAP.label()), events.get(0).message());
        assertEquals(String.format("bytemap: frame 0x%x freed", pa), events.get(1).message());
        assertEquals(pa, events.get(1).address());

        long run = frames.allocContiguous(4, 4, Owner.HEAP);
        frames.freeContiguous(run, 4);
        events = log.since(log.lastSequence() - 1);
        assertEquals(String.format("bytemap: 4 frames at 0x%x for %s", run, Owner.HEAP.label()), events.get(0).message());
        assertEquals(String.format("bytemap: 4 frames at 0x%x freed", run), events.get(1).message());
    }
}
