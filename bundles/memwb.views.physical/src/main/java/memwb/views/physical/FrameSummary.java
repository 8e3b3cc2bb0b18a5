package memwb.views.physical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/** The Frames view's legend: frames per state and owner, in the colours the grid uses. */
final class FrameSummary {
    /** One legend line. */
    record Line(FrameState state, Owner owner, long frames) {
        String label() {
            return state == FrameState.ALLOCATED ? "allocated: " + owner.label() : state.name().toLowerCase(Locale.ROOT);
        }

        int colour() {
            return FrameColours.of(state, owner);
        }
    }

    private FrameSummary() {
    }

    /** Lines by state (free, reserved, then allocated per owner), each with its frame count. */
    static List<Line> of(AllocationState state) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Line> keys = new LinkedHashMap<>();
        for (FrameRun r : state.runs()) {
            Owner owner = r.state() == FrameState.ALLOCATED ? r.owner() : Owner.NONE;
            String key = r.state() + "/" + owner;
            counts.computeIfAbsent(key, k -> new long[1])[0] += r.count();
            keys.putIfAbsent(key, new Line(r.state(), owner, 0));
        }
        List<Line> out = new ArrayList<>();
        for (Map.Entry<String, Line> e : keys.entrySet()) {
            out.add(new Line(e.getValue().state(), e.getValue().owner(), counts.get(e.getKey())[0]));
        }
        out.sort((a, b) -> a.state() != b.state() ? Integer.compare(FrameColours.priority(a.state()), FrameColours.priority(b.state()))
                : a.owner().compareTo(b.owner()));
        return out;
    }
}
