package memwb.scenario.internal;

import java.util.Locale;
import java.util.Map;

import memwb.api.heap.HeapBlock;
import memwb.api.machine.Machine;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.Owner;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Translation;
import memwb.scenario.Check;
import memwb.scenario.Expectation;

/**
 * Checks one expectation against what a step did. Counts ("frames.allocated", "frames.free",
 * "tables") are absolute ("12"), a change over the step ("+514", "-1", "+0"), or at least either
 * (">=+4", ">=0").
 */
public final class Checks {
    /**
     * The machine's counts at one moment: frames by state and the paging-structure frames of every
     * address space (the kernel's, and each user space's own: its root and user-half tables).
     */
    public record Counts(long allocated, long free, long tables) {
        public static Counts of(Machine m) {
            if (m == null) {
                return new Counts(0, 0, 0);
            }
            FrameStats s = m.frames().stats();
            long tables = m.kernelSpace().map(k -> m.spaces().stream().mapToLong(sp -> sp.ownTables(k).length).sum())
                    .orElse(0L);
            return new Counts(s.allocated(), s.free(), tables);
        }
    }

    private Checks() {
    }

    /**
     * {@code e} checked against {@code outcome} (null if the step raised {@code error}) and the
     * counts before and after the step.
     */
    public static Check check(Expectation e, Outcome outcome, RuntimeException error, Machine m, Counts before,
            Counts after, Map<String, Long> kept) {
        String key = e.key();
        String want = e.expected();
        try {
            return switch (key) {
                case "error" -> {
                    String text = Values.substitute(want, kept, "expect.error");
                    String shown = text.equals(want) ? want : want + " = " + text;
                    yield error == null ? new Check(key, shown, "no error", false)
                            : new Check(key, shown, error.getMessage(), String.valueOf(error.getMessage()).contains(text));
                }
                case "frames.allocated" -> count(key, want, before.allocated(), after.allocated());
                case "frames.free" -> count(key, want, before.free(), after.free());
                case "tables" -> count(key, want, before.tables(), after.tables());
                default -> outcome == null ? new Check(key, want, "no result: the step failed", false)
                        : result(key, want, outcome, m, kept);
            };
        } catch (IllegalArgumentException ex) {
            return new Check(key, want, "bad expectation: " + ex.getMessage(), false);
        }
    }

    private static Check result(String key, String want, Outcome o, Machine m, Map<String, Long> kept) {
        Translation t = o.translation();
        return switch (key) {
            case "address" -> number(key, want, o.address(), kept);
            case "value" -> number(key, want, o.value(), kept);
            case "null" -> bool(key, want, o.nullResult());
            case "fault" -> bool(key, want, t instanceof PageFault);
            case "gp" -> bool(key, want, t instanceof GeneralProtection);
            case "fault.errorCode" -> number(key, want, t instanceof PageFault pf ? (Long) (long) pf.errorCode() : null, kept);
            case "fault.cr2" -> number(key, want, t instanceof PageFault pf ? (Long) pf.cr2() : null, kept);
            case "tlb" -> {
                String got = t instanceof Mapped mp ? (mp.tlbHit() ? "hit" : "miss") : "no translation";
                yield new Check(key, want, got, got.equals(want));
            }
            case "pageSize" -> number(key, want, t instanceof Mapped mp ? (Long) mp.pageSize() : null, kept);
            case "inHeap" -> bool(key, want, o.address() != null && m.heap().isPresent()
                    && m.heap().get().blocks().stream().anyMatch(b -> b.live() && b.payload() == o.address()));
            case "owner" -> owner(want, o, m);
            default -> new Check(key, want, "unknown expectation", false);
        };
    }

    private static Check owner(String want, Outcome o, Machine m) {
        if (o.address() == null) {
            return new Check("owner", want, "no address", false);
        }
        Owner owner = m.frames().owner(o.address() & -memwb.api.pfa.FrameAllocator.FRAME_SIZE);
        boolean ok = owner.label().equalsIgnoreCase(want) || owner.name().equalsIgnoreCase(want.replace(' ', '_'));
        return new Check("owner", want, owner.label(), ok);
    }

    private static Check number(String key, String want, Long got, Map<String, Long> kept) {
        long expected = Values.number(want, kept, "expect." + key);
        String shown = want.startsWith("$") ? want + " = " + Values.hex(expected) : want;
        if (got == null) {
            return new Check(key, shown, "nothing", false);
        }
        return new Check(key, shown, Values.hex(got), got == expected);
    }

    private static Check bool(String key, String want, boolean got) {
        return new Check(key, want, String.valueOf(got), Values.bool(want, "expect." + key) == got);
    }

    private static Check count(String key, String want, long before, long after) {
        String w = want.trim();
        boolean atLeast = w.startsWith(">=");
        if (atLeast) {
            w = w.substring(2).trim();
        }
        boolean change = w.startsWith("+") || w.startsWith("-");
        long expected = change ? (w.startsWith("-") ? -1 : 1) * memwb.api.machine.Numbers.parse(w.substring(1), "expect." + key)
                : memwb.api.machine.Numbers.parse(w, "expect." + key);
        long got = change ? after - before : after;
        boolean ok = atLeast ? got >= expected : got == expected;
        String actual = (change ? String.format(Locale.ROOT, "%+d", got) : Long.toString(got))
                + " (" + before + " before, " + after + " after)";
        return new Check(key, want, actual, ok);
    }
}
