package memwb.launcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's logger, kept so errors can be counted: the launcher and the integration tests assert that
 * a clean start logs none. Warnings and errors still go to stderr as Felix would print them.
 */
final class FrameworkLog extends org.apache.felix.framework.Logger {
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level, String msg,
            Throwable throwable) {
        if (level == LOG_ERROR) {
            errors.add((bundle == null ? "" : bundle.getSymbolicName() + ": ") + msg
                    + (throwable == null ? "" : " (" + throwable + ")"));
        }
        super.doLog(bundle, sr, level, msg, throwable);
    }

    /** Records and prints an error the launcher itself found (a bundle that would not start). */
    void error(Bundle bundle, String msg, Throwable throwable) {
        doLog(bundle, null, LOG_ERROR, msg, throwable);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
