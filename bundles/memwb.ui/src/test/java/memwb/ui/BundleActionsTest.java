package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

class BundleActionsTest {
    @Test
    void theReasonIncludesTheWrappedCausesOnce() {
        Exception root = new IllegalStateException("missing requirement osgi.wiring.package=foo");
        BundleException e = new BundleException("Unable to resolve x.y [12]", root);
        assertEquals("Unable to resolve x.y [12]: missing requirement osgi.wiring.package=foo", BundleActions.reason(e));
    }

    @Test
    void aCauseAlreadyQuotedInTheMessageIsNotRepeated() {
        Exception root = new java.io.IOException("zip END header not found");
        Exception e = new RuntimeException("Could not read: zip END header not found", root);
        assertEquals("Could not read: zip END header not found", BundleActions.reason(e));
    }
}
