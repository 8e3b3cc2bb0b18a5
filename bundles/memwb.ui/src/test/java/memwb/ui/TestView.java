package memwb.ui;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/** A view for tests: a one-row table; counts creations and disposals; can be told to fail. */
final class TestView implements WorkbenchView {
    private final String id;
    private final String title;
    private final String stack;
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger disposed = new AtomicInteger();
    RuntimeException failWith;

    TestView(String id, String title, String stack) {
        this.id = id;
        this.title = title;
        this.stack = stack;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String defaultStack() {
        return stack;
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        if (failWith != null) {
            throw failWith;
        }
        created.incrementAndGet();
        Table table = new Table(parent, SWT.NONE);
        new TableItem(table, SWT.NONE).setText(title + " row");
        table.addDisposeListener(e -> disposed.incrementAndGet());
        return table;
    }
}
