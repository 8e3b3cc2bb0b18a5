package memwb.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;

/** Finds controls inside a view for the ui:* commands that act as a user would. UI thread. */
final class ViewControls {
    private ViewControls() {
    }

    /** The first control of {@code type} under {@code root} (depth first); IllegalStateException naming the type if none. */
    static <T extends Control> T first(Control root, Class<T> type) {
        T found = find(root, type, false);
        if (found == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " in the view");
        }
        return found;
    }

    /** The first single-line Text under {@code root}; IllegalStateException if none. */
    static Text firstSingleLine(Control root) {
        Text found = find(root, Text.class, true);
        if (found == null) {
            throw new IllegalStateException("no single-line text field in the view");
        }
        return found;
    }

    private static <T extends Control> T find(Control root, Class<T> type, boolean singleLine) {
        if (type.isInstance(root) && !root.isDisposed() && (!singleLine || (root.getStyle() & SWT.SINGLE) != 0)) {
            return type.cast(root);
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                T f = find(child, type, singleLine);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }
}
