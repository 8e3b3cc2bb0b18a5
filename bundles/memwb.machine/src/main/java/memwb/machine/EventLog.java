package memwb.machine;

import java.util.ArrayList;
import java.util.List;

import memwb.api.machine.MachineEvent;

/** The last {@link #CAPACITY} machine events in a ring, numbered from 1. Thread-safe. */
final class EventLog {
    static final int CAPACITY = 4096;
    private final MachineEvent[] ring = new MachineEvent[CAPACITY];
    private long next = 1;

    synchronized void record(String kind, long address, String message) {
        ring[(int) (next % CAPACITY)] = new MachineEvent(next, System.currentTimeMillis(), kind, address, message);
        next++;
    }

    /** Events with sequence >= {@code from}, oldest first (older ones than the ring holds are gone). */
    synchronized List<MachineEvent> since(long from) {
        long first = Math.max(Math.max(from, 1), next - CAPACITY);
        List<MachineEvent> out = new ArrayList<>((int) Math.max(0, next - first));
        for (long s = first; s < next; s++) {
            out.add(ring[(int) (s % CAPACITY)]);
        }
        return out;
    }

    synchronized long lastSequence() {
        return next - 1;
    }
}
