package memwb.pfa.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

class FrameRunsTest {
    @Test
    void framesOfOneStateAndOwnerBecomeOneRunAndAFreeFramesOwnerIsNone() {
        FrameRuns runs = new FrameRuns();
        runs.add(FrameState.RESERVED, Owner.FIRMWARE);
        runs.add(FrameState.ALLOCATED, Owner.HEAP);
        runs.add(FrameState.ALLOCATED, Owner.HEAP);
        runs.add(FrameState.ALLOCATED, Owner.PAGE_TABLES);
        runs.add(FrameState.FREE, Owner.HEAP); // a stale owner entry of a freed frame
        runs.add(FrameState.FREE, Owner.NONE);
        assertEquals(6, runs.next());
        assertEquals(new AllocationState(6, List.of(
                new FrameRun(0, 1, FrameState.RESERVED, Owner.FIRMWARE),
                new FrameRun(1, 2, FrameState.ALLOCATED, Owner.HEAP),
                new FrameRun(3, 1, FrameState.ALLOCATED, Owner.PAGE_TABLES),
                new FrameRun(4, 2, FrameState.FREE, Owner.NONE))), runs.build());
    }

    @Test
    void noFramesGiveNoRuns() {
        assertEquals(new AllocationState(0, List.of()), new FrameRuns().build());
    }
}
