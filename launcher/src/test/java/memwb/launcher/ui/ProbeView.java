package memwb.launcher.ui;

import java.util.Hashtable;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/**
 * A third-party view for {@link WorkbenchUiIT}: the test packs this class alone into a bundle jar at
 * run time (its activator registers it), so the class is never loaded by the test's own class loader.
 */
public final class ProbeView implements WorkbenchView, BundleActivator {
    static final String ID = "memwb.test.probe";
    static final String ROW = "contributed at run time";

    @Override
    public void start(BundleContext context) {
        context.registerService(WorkbenchView.class, this, new Hashtable<String, Object>());
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service; the workbench closes the tab.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Probe";
    }

    @Override
    public String defaultStack() {
        return "bottom";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Table table = new Table(parent, SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        String[] headers = { "Probe", "Bundle" };
        for (String h : headers) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(h);
            c.setWidth(240);
        }
        new TableItem(table, SWT.NONE).setText(new String[] { ROW, "memwb.test.probeview" });
        return table;
    }
}
