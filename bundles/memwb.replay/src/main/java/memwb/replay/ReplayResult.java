package memwb.replay;

import java.util.List;
import java.util.Locale;

/**
 * What one replay of one trace against one heap measured. {@code util} is peak live payload (sum
 * of the sizes the trace asked for) over peak extent (the heap's mapped bytes); {@code opsPerSec}
 * comes from the timed pass, which does no pattern checks.
 */
public record ReplayResult(String trace, String heap, long ops, long peakPayload, long peakExtent, double util,
        long opsPerSec, long errors, List<String> firstErrors) {
    public ReplayResult {
        firstErrors = List.copyOf(firstErrors);
    }

    /** The machine-readable line: {@code trace=NAME heap=NAME ops=N peak_payload=N peak_extent=N util=0.NNNN ops_per_s=N errors=N}. */
    public String line() {
        return String.format(Locale.ROOT, "trace=%s heap=%s ops=%d peak_payload=%d peak_extent=%d util=%.4f ops_per_s=%d errors=%d",
                trace, heap, ops, peakPayload, peakExtent, util, opsPerSec, errors);
    }
}
