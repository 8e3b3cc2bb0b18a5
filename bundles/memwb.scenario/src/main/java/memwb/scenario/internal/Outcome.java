package memwb.scenario.internal;

import memwb.api.view.Location;
import memwb.api.vmm.Translation;

/**
 * What one operation gave: a sentence saying what it did, the address or count it returned (null
 * if none), whether that was C's NULL or NO_FRAME, the translation of a translate or a faulting
 * access, a value read, and where the views should look.
 */
public record Outcome(String did, Long address, boolean nullResult, Translation translation, Long value,
        Location location) {
    static Outcome of(String did, Location location) {
        return new Outcome(did, null, false, null, null, location);
    }
}
