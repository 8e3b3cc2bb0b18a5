package memwb.views.physical;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/** The few SWT building blocks the physical views share. UI thread. */
final class Widgets {
    private Widgets() {
    }

    /** A colour from 0xRRGGBB (SWT colours made this way need no disposing). */
    static Color rgb(int rgb) {
        return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }

    /** A composite with a grid layout of {@code columns} columns and small margins. */
    static Composite grid(Composite parent, int columns) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout l = new GridLayout(columns, false);
        l.marginWidth = 4;
        l.marginHeight = 4;
        c.setLayout(l);
        return c;
    }

    /** A table with headers, columns of the given widths, filling its grid cell. */
    static Table table(Composite parent, int style, String[] headers, int[] widths) {
        Table t = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | style);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        for (int i = 0; i < headers.length; i++) {
            TableColumn c = new TableColumn(t, SWT.LEFT);
            c.setText(headers[i]);
            c.setWidth(widths[Math.min(i, widths.length - 1)]);
        }
        return t;
    }

    static Button button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    static GridData fill() {
        return new GridData(SWT.FILL, SWT.FILL, true, true);
    }

    static GridData fillWide() {
        return new GridData(SWT.FILL, SWT.CENTER, true, false);
    }
}
