package memwb.views.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import memwb.api.machine.Machine;

class MachinePollTest {
    private final AtomicLong version = new AtomicLong(1);
    private final Machine machine = FakeMachine.of("a", m -> m.equals("version") ? version.get() : null);
    private final AtomicReference<Machine> current = new AtomicReference<>(machine);
    private final List<Machine> loads = new ArrayList<>();
    private final MachinePoll<String> poll = new MachinePoll<>(current::get, m -> {
        loads.add(m);
        return m == null ? "none" : m + "@" + m.version();
    });

    @Test
    void theFirstPollLoadsAndAnUnchangedVersionLoadsNothing() {
        assertEquals(Optional.of("Machine(a)@1"), poll.next());
        assertEquals(Optional.empty(), poll.next());
        assertEquals(1, loads.size());
        assertSame(machine, poll.machine());
    }

    @Test
    void aNewVersionLoadsAgain() {
        poll.next();
        version.set(7);
        assertEquals(Optional.of("Machine(a)@7"), poll.next());
    }

    @Test
    void aMachineBootedLaterIsPickedUpEvenAtTheSameVersion() {
        current.set(null);
        assertEquals(Optional.of("none"), poll.next(), "no machine: load sees null");
        Machine later = FakeMachine.of("b", m -> m.equals("version") ? 1L : null);
        current.set(later);
        assertEquals(Optional.of("Machine(b)@1"), poll.next());
        assertSame(later, poll.machine());
    }

    @Test
    void refreshLoadsOnceWithoutAChange() {
        poll.next();
        poll.refresh();
        assertEquals(Optional.of("Machine(a)@1"), poll.next());
        assertEquals(Optional.empty(), poll.next());
        assertEquals(2, loads.size());
    }

    @Test
    void aMachineWhoseVersionThrowsIsSkippedUntilItAnswers() {
        poll.next();
        current.set(FakeMachine.of("shutting down", m -> null));
        assertEquals(Optional.empty(), poll.next());
        assertSame(machine, poll.machine(), "the last good machine stays");
        current.set(machine);
        assertEquals(Optional.empty(), poll.next(), "same machine, same version");
    }

    @Test
    void aFailingLoadPropagatesAndIsNotRetriedUntilTheVersionChanges() {
        MachinePoll<String> failing = new MachinePoll<>(current::get, m -> {
            throw new IllegalStateException("PT at 0x5000 unreadable");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, failing::next);
        assertEquals("PT at 0x5000 unreadable", e.getMessage());
        assertEquals(Optional.empty(), failing.next());
        version.set(2);
        assertThrows(IllegalStateException.class, failing::next);
    }

    @Test
    void aNullLoadResultShowsNothing() {
        MachinePoll<String> quiet = new MachinePoll<>(current::get, m -> null);
        assertTrue(quiet.next().isEmpty());
        assertSame(machine, quiet.machine());
    }

    @Test
    void bootedLoadsNothingWithoutAMachine() {
        current.set(null);
        MachinePoll<String> onlyBooted = new MachinePoll<>(current::get, MachineWatch.booted(Object::toString));
        assertTrue(onlyBooted.next().isEmpty());
        current.set(machine);
        assertEquals(Optional.of("Machine(a)"), onlyBooted.next());
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> new MachinePoll<>(null, m -> m));
        assertEquals("MachinePoll: current is null", a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> new MachinePoll<>(current::get, null));
        assertEquals("MachinePoll: load is null", b.getMessage());
    }
}
