package memwb.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import memwb.api.machine.MachineException;

/**
 * The implementations of one service installed now (frame allocators, paging modes), best-ranked
 * first, found by the name users type. Thread-safe: DS adds and removes while commands read.
 */
final class Registry<T> {
    private record Entry<T>(T service, int ranking) {
    }

    private final String kind;
    private final Function<T, String> name;
    private final List<Entry<T>> entries = new ArrayList<>();

    /** @param kind what the services are, for messages ("frame allocator") */
    Registry(String kind, Function<T, String> name) {
        this.kind = kind;
        this.name = name;
    }

    synchronized void add(T service, int ranking) {
        entries.add(new Entry<>(service, ranking));
        entries.sort(Comparator.comparingInt((Entry<T> e) -> e.ranking()).reversed());
    }

    synchronized void remove(T service) {
        entries.removeIf(e -> e.service() == service);
    }

    synchronized Optional<T> byName(String wanted) {
        return entries.stream().map(Entry::service).filter(s -> name.apply(s).equals(wanted)).findFirst();
    }

    synchronized Optional<T> best() {
        return entries.stream().map(Entry::service).findFirst();
    }

    /** The ranking {@code service} was added with, or {@link Integer#MIN_VALUE} if it is not here (any installed one beats it). */
    synchronized int ranking(T service) {
        return entries.stream().filter(e -> e.service() == service).mapToInt(Entry::ranking).findFirst()
                .orElse(Integer.MIN_VALUE);
    }

    synchronized List<String> names() {
        return entries.stream().map(e -> name.apply(e.service())).toList();
    }

    /** The named one, or the best when {@code wanted} is null; the error lists what is installed. */
    T choose(String wanted, String where) {
        Optional<T> s = wanted == null ? best() : byName(wanted);
        return s.orElseThrow(() -> new MachineException(where
                + (wanted == null ? "no " + kind + " is installed" : "no " + kind + " named \"" + wanted + "\"")
                + "; installed: " + (names().isEmpty() ? "none" : String.join(", ", names()))));
    }
}
