package memwb.ui;

import java.util.List;
import java.util.concurrent.Executor;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Help &gt; About: the product line and, like Eclipse's installation details, every bundle with its
 * version and state. The table is filled from a snapshot taken in the background. The dialog has no
 * nested event loop, so the window (and the console's ui commands) keep running while it is open.
 */
final class AboutDialog {
    static final String TITLE = "About Memory Workbench";
    /** Wanted size in pixels: every column and about twenty rows; less if the screen is smaller. */
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 640;
    private static final String[] COLUMNS = { "Id", "Symbolic name", "Version", "State", "Name" };
    /** Widths before the rows arrive, and the least a column keeps when packed to its content. */
    private static final int[] COLUMN_WIDTHS = { 40, 240, 170, 80, 200 };

    private final BundleContext context;
    private final Executor background;

    AboutDialog(BundleContext context, Executor background) {
        this.context = context;
        this.background = background;
    }

    /** Opens the dialog over {@code parent} and returns at once. */
    void open(Shell parent) {
        Shell dialog = new Shell(parent, SWT.DIALOG_TRIM | SWT.RESIZE | SWT.APPLICATION_MODAL);
        dialog.setText(TITLE);
        dialog.setLayout(new GridLayout(1, false));

        Label product = new Label(dialog, SWT.NONE);
        FontData[] fd = product.getFont().getFontData();
        for (FontData f : fd) {
            f.setHeight(f.getHeight() + 4);
            f.setStyle(SWT.BOLD);
        }
        Font big = new Font(dialog.getDisplay(), fd);
        dialog.addDisposeListener(e -> big.dispose());
        product.setFont(big);
        product.setText(WorkbenchWindow.TITLE);

        Label about = new Label(dialog, SWT.WRAP);
        about.setText("An x86 memory-management workbench: memory maps, GDT, frame allocators, paging and heaps "
                + "as real bytes in emulated RAM.\n" + runtimeLine());
        about.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Label caption = new Label(dialog, SWT.NONE);
        caption.setText("Installed bundles:");
        Table table = new Table(dialog, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn c = new TableColumn(table, i == 0 ? SWT.RIGHT : SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(COLUMN_WIDTHS[i]);
        }

        Button close = new Button(dialog, SWT.PUSH);
        close.setText("Close");
        GridData closeData = new GridData(SWT.END, SWT.CENTER, false, false);
        closeData.widthHint = 96;
        close.setLayoutData(closeData);
        close.addListener(SWT.Selection, e -> dialog.dispose());
        dialog.setDefaultButton(close);

        Rectangle p = parent.getBounds();
        Rectangle screen = parent.getMonitor().getClientArea();
        int width = Math.min(WIDTH, screen.width);
        int height = Math.min(HEIGHT, screen.height);
        int x = Math.max(screen.x, Math.min(p.x + (p.width - width) / 2, screen.x + screen.width - width));
        int y = Math.max(screen.y, Math.min(p.y + (p.height - height) / 2, screen.y + screen.height - height));
        dialog.setBounds(x, y, width, height);
        dialog.open();

        Display display = dialog.getDisplay();
        background.execute(() -> {
            List<BundleSummary> bundles = BundleSnapshots.take(context);
            Ui.async(display, () -> fill(dialog, caption, table, bundles));
        });
    }

    private static void fill(Shell dialog, Label caption, Table table, List<BundleSummary> bundles) {
        if (table.isDisposed()) {
            return;
        }
        caption.setText("Installed bundles (" + bundles.size() + "):");
        for (BundleSummary b : bundles) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { Long.toString(b.id()), b.symbolicName(), b.version(),
                    b.fragment() ? b.state() + " (fragment)" : b.state(), b.name() });
        }
        TableColumn[] columns = table.getColumns();
        for (int i = 0; i < columns.length; i++) {
            columns[i].pack();
            columns[i].setWidth(Math.max(columns[i].getWidth(), COLUMN_WIDTHS[i]));
        }
        dialog.layout(true, true);
    }

    private String runtimeLine() {
        String fw = context.getBundle(0).getSymbolicName() + " " + context.getBundle(0).getVersion();
        return "Version " + context.getBundle().getVersion() + " on " + fw + ", Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), SWT " + swtVersion() + " (" + SWT.getPlatform() + ")";
    }

    /** The SWT bundle's version ("3.131.0.v..."), or SWT's internal number outside OSGi. */
    private static String swtVersion() {
        Bundle swt = FrameworkUtil.getBundle(SWT.class);
        return swt == null ? Integer.toString(SWT.getVersion()) : swt.getVersion().toString();
    }
}
