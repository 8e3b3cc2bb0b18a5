package memwb.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabFolder2Adapter;
import org.eclipse.swt.custom.CTabFolderEvent;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/**
 * One stack of views: a CTabFolder whose tabs have close buttons. Each open view lives in its own
 * host composite, disposed with its tab, so the view's controls and listeners go with it. UI thread.
 */
final class ViewStack {
    private final String name;
    private final CTabFolder folder;
    private final Runnable onChange;

    /**
     * Creates the stack in {@code parent}. {@code onUserClose} hears of a tab the user closed;
     * {@code onChange} runs after any tab opens or closes (the window hides empty stacks).
     */
    ViewStack(Composite parent, String name, Consumer<WorkbenchView> onUserClose, Runnable onChange) {
        this.name = name;
        this.onChange = onChange;
        folder = new CTabFolder(parent, SWT.BORDER | SWT.CLOSE);
        folder.setSimple(false);
        folder.setUnselectedCloseVisible(true);
        folder.setSelectionBackground(parent.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        folder.addCTabFolder2Listener(new CTabFolder2Adapter() {
            @Override
            public void close(CTabFolderEvent event) {
                onUserClose.accept((WorkbenchView) event.item.getData());
            }
        });
    }

    String name() {
        return name;
    }

    Control control() {
        return folder;
    }

    boolean isEmpty() {
        return folder.getItemCount() == 0;
    }

    /**
     * Opens {@code view} as a new selected tab. If the view's createControl throws, the tab is removed
     * again and the exception propagates (the caller reports it, naming the view).
     */
    void open(WorkbenchView view, ViewContext context) {
        CTabItem item = new CTabItem(folder, SWT.CLOSE);
        item.setText(view.title());
        item.setToolTipText(view.title() + " (" + view.id() + ")");
        item.setData(view);
        Composite host = new Composite(folder, SWT.NONE);
        host.setLayout(new FillLayout());
        item.addDisposeListener(e -> {
            if (!host.isDisposed()) {
                host.dispose(); // CTabItem does not dispose its control
            }
            if (!folder.isDisposed()) {
                onChange.run();
            }
        });
        try {
            view.createControl(host, context);
        } catch (RuntimeException | LinkageError e) {
            item.dispose();
            throw e;
        }
        item.setControl(host);
        folder.setSelection(item);
        host.layout(true, true);
        onChange.run();
    }

    /** Brings the tab of {@code view} to front; false if it is not in this stack. */
    boolean focus(WorkbenchView view) {
        CTabItem item = find(view);
        if (item == null) {
            return false;
        }
        folder.setSelection(item);
        folder.forceFocus();
        return true;
    }

    /** Closes the tab of {@code view}, disposing its controls; false if it is not in this stack. */
    boolean close(WorkbenchView view) {
        CTabItem item = find(view);
        if (item == null) {
            return false;
        }
        item.dispose();
        return true;
    }

    /** The host composite of {@code view}'s tab, or null. */
    Control contentOf(WorkbenchView view) {
        CTabItem item = find(view);
        return item == null ? null : item.getControl();
    }

    /** The views open in this stack, in tab order. */
    List<WorkbenchView> views() {
        List<WorkbenchView> out = new ArrayList<>();
        for (CTabItem item : folder.getItems()) {
            out.add((WorkbenchView) item.getData());
        }
        return out;
    }

    private CTabItem find(WorkbenchView view) {
        for (CTabItem item : folder.getItems()) {
            if (item.getData() == view) {
                return item;
            }
        }
        return null;
    }
}
