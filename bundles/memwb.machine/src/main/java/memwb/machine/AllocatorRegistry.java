package memwb.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import memwb.api.pfa.FrameAllocatorProvider;

/** The frame allocator implementations installed now, best-ranked first. Thread-safe. */
final class AllocatorRegistry {
    private record Entry(FrameAllocatorProvider provider, int ranking) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(FrameAllocatorProvider provider, int ranking) {
        entries.add(new Entry(provider, ranking));
        entries.sort(Comparator.comparingInt(Entry::ranking).reversed());
    }

    synchronized void remove(FrameAllocatorProvider provider) {
        entries.removeIf(e -> e.provider() == provider);
    }

    synchronized Optional<FrameAllocatorProvider> byName(String name) {
        return entries.stream().map(Entry::provider).filter(p -> p.name().equals(name)).findFirst();
    }

    synchronized Optional<FrameAllocatorProvider> best() {
        return entries.stream().map(Entry::provider).findFirst();
    }

    synchronized List<String> names() {
        return entries.stream().map(e -> e.provider().name()).toList();
    }

    /** The named provider, or the best one when {@code name} is null; an error lists what is installed. */
    FrameAllocatorProvider choose(String name, String where) {
        Optional<FrameAllocatorProvider> p = name == null ? best() : byName(name);
        return p.orElseThrow(() -> new memwb.api.machine.MachineException(where
                + (name == null ? "no frame allocator is installed" : "no frame allocator named \"" + name + "\"")
                + "; installed: " + (names().isEmpty() ? "none" : String.join(", ", names()))));
    }
}
