package memwb.api.view;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * A view contributed to the workbench as a service: it appears under Window &gt; Show View as soon
 * as its bundle starts and closes when the bundle goes. {@link #createControl} is called on the UI
 * thread; the returned control is disposed when the view closes, and the view must remove every
 * listener it added then.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface WorkbenchView {
    /** Stable id, e.g. "memwb.view.bundles". */
    String id();

    /** The tab title, e.g. "Bundles". */
    String title();

    /** Where it opens by default: "left", "right" or "bottom". */
    default String defaultStack() {
        return "right";
    }

    /** Builds the view's content inside {@code parent}. */
    Control createControl(Composite parent, ViewContext context);
}
