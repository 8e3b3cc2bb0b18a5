package memwb.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Install, start, stop and uninstall, each on a background thread (a bundle's activator may take its
 * time and must never freeze the window). Every outcome is reported through {@link Feedback}, errors
 * naming the file or the bundle and the framework's reason.
 */
final class BundleActions {
    private final BundleContext context;
    private final Executor background;
    private final Feedback feedback;

    BundleActions(BundleContext context, Executor background, Feedback feedback) {
        this.context = context;
        this.background = background;
        this.feedback = feedback;
    }

    /** Installs the jar at {@code file} and starts it unless it is a fragment. */
    void install(Path file) {
        background.execute(() -> {
            try {
                if (!Files.isRegularFile(file)) {
                    throw new BundleException("no such file");
                }
                Bundle b = context.installBundle(file.toUri().toString());
                String what = name(b);
                if (isFragment(b)) {
                    feedback.status("Installed fragment " + what + " from " + file);
                } else {
                    b.start();
                    feedback.status("Installed and started " + what + " from " + file);
                }
            } catch (BundleException | RuntimeException e) {
                feedback.error("Install bundle", "Could not install " + file + ": " + reason(e));
            }
        });
    }

    /** Starts the bundle with id {@code id}. */
    void start(long id) {
        act(id, "start", "Started", Bundle::start);
    }

    /** Stops the bundle with id {@code id}. */
    void stop(long id) {
        act(id, "stop", "Stopped", Bundle::stop);
    }

    /** Uninstalls the bundle with id {@code id} (its services go at once; packages stay wired until a refresh). */
    void uninstall(long id) {
        act(id, "uninstall", "Uninstalled", Bundle::uninstall);
    }

    private interface Operation {
        void apply(Bundle b) throws BundleException;
    }

    private void act(long id, String verb, String done, Operation op) {
        background.execute(() -> {
            Bundle b = context.getBundle(id);
            if (b == null) {
                feedback.error("Bundles", "Could not " + verb + " bundle " + id + ": it is no longer installed");
                return;
            }
            String what = name(b);
            try {
                op.apply(b);
                feedback.status(done + " " + what);
            } catch (BundleException | RuntimeException e) {
                feedback.error("Bundles", "Could not " + verb + " " + what + ": " + reason(e));
            }
        });
    }

    static String name(Bundle b) {
        String bsn = b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName();
        return bsn + " (" + b.getBundleId() + ")";
    }

    static boolean isFragment(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        return r != null && (r.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** The exception's message plus its causes' (the framework often wraps the real reason). */
    static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
