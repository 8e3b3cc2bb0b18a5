package memwb.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import memwb.api.machine.MachineEvent;

/**
 * The last {@link #CAPACITY} machine events in a ring, numbered from 1. Thread-safe.
 *
 * <p>Events recorded on hot paths (every frame a heap maps or unmaps) give their message as a
 * supplier: it is formatted when someone reads the event, once, not when the machine records it
 * (String.format cost more than the frame allocation it described, and most events are overwritten
 * unread).
 */
final class EventLog {
    static final int CAPACITY = 4096;
    private final Entry[] ring = new Entry[CAPACITY];
    private long next = 1;

    /** What the ring holds: a message, or how to make it, until the first reader makes it. */
    private static final class Entry {
        final long sequence;
        final long timeMillis;
        final String kind;
        final long address;
        private Object message; // String or Supplier<String>

        Entry(long sequence, long timeMillis, String kind, long address, Object message) {
            this.sequence = sequence;
            this.timeMillis = timeMillis;
            this.kind = kind;
            this.address = address;
            this.message = message;
        }

        MachineEvent event() {
            if (message instanceof Supplier<?> s) {
                message = String.valueOf(s.get());
            }
            return new MachineEvent(sequence, timeMillis, kind, address, (String) message);
        }
    }

    synchronized void record(String kind, long address, String message) {
        add(kind, address, message);
    }

    /**
     * Records an event whose message is made only when the event is read; {@code message} must
     * capture values, not state that changes later.
     */
    synchronized void record(String kind, long address, Supplier<String> message) {
        add(kind, address, message);
    }

    private void add(String kind, long address, Object message) {
        ring[(int) (next % CAPACITY)] = new Entry(next, System.currentTimeMillis(), kind, address, message);
        next++;
    }

    /** Events with sequence >= {@code from}, oldest first (older ones than the ring holds are gone). */
    synchronized List<MachineEvent> since(long from) {
        long first = Math.max(Math.max(from, 1), next - CAPACITY);
        List<MachineEvent> out = new ArrayList<>((int) Math.max(0, next - first));
        for (long s = first; s < next; s++) {
            out.add(ring[(int) (s % CAPACITY)].event());
        }
        return out;
    }

    synchronized long lastSequence() {
        return next - 1;
    }
}
