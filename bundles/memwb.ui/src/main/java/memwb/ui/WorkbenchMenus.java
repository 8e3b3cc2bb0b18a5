package memwb.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

import memwb.api.view.WorkbenchView;

/** Builds the menu bar (File, Window, Help) and finds items by path for {@code ui:menu}. UI thread. */
final class WorkbenchMenus {
    static final String NO_VIEWS = "(no views contributed)";

    private WorkbenchMenus() {
    }

    static void install(WorkbenchWindow window, FileActions file, AboutDialog about) {
        Shell shell = window.shell();
        Menu bar = new Menu(shell, SWT.BAR);
        shell.setMenuBar(bar);

        Menu fileMenu = cascade(bar, "&File");
        item(fileMenu, "&Open machine...", 0, () -> file.openMachine(shell));
        item(fileMenu, "Open &saved machine...", 0, () -> file.openSaved(shell));
        item(fileMenu, "&Save machine...", 0, () -> file.saveMachine(shell));
        new MenuItem(fileMenu, SWT.SEPARATOR);
        item(fileMenu, "&Install bundle...", 0, () -> file.installBundle(shell));
        new MenuItem(fileMenu, SWT.SEPARATOR);
        item(fileMenu, "E&xit\tCtrl+Q", SWT.MOD1 | 'Q', file::exit);

        Menu windowMenu = cascade(bar, "&Window");
        Menu showView = cascade(windowMenu, "Show &View");
        // Rebuilt every time it opens: it is the live list of contributions.
        showView.addListener(SWT.Show, e -> fillShowView(showView, window));
        new MenuItem(windowMenu, SWT.SEPARATOR);
        item(windowMenu, "&Reset Layout", 0, window::resetLayout);

        Menu helpMenu = cascade(bar, "&Help");
        item(helpMenu, "&About Memory Workbench", 0, () -> about.open(shell));
    }

    private static void fillShowView(Menu menu, WorkbenchWindow window) {
        for (MenuItem old : menu.getItems()) {
            old.dispose();
        }
        List<ViewRegistry.Entry> entries = window.registry().entries();
        if (entries.isEmpty()) {
            MenuItem none = new MenuItem(menu, SWT.PUSH);
            none.setText(NO_VIEWS);
            none.setEnabled(false);
            return;
        }
        for (ViewRegistry.Entry e : entries) {
            WorkbenchView view = e.view();
            MenuItem mi = new MenuItem(menu, SWT.CHECK);
            mi.setText(view.title().replace("&", "&&"));
            mi.setSelection(window.stackOf(view) != null);
            mi.addListener(SWT.Selection, ev -> {
                mi.setSelection(true);
                window.show(view);
            });
        }
    }

    private static Menu cascade(Menu parent, String text) {
        MenuItem mi = new MenuItem(parent, SWT.CASCADE);
        mi.setText(text);
        Menu menu = new Menu(mi);
        mi.setMenu(menu);
        return menu;
    }

    private static void item(Menu parent, String text, int accelerator, Runnable action) {
        MenuItem mi = new MenuItem(parent, SWT.PUSH);
        mi.setText(text);
        if (accelerator != 0) {
            mi.setAccelerator(accelerator);
        }
        mi.addListener(SWT.Selection, e -> action.run());
    }

    /**
     * The item at {@code path} under the menu bar, showing each submenu first so live menus are
     * filled. IllegalArgumentException naming the missing segment and what exists there.
     */
    static MenuItem find(Shell shell, String path) {
        Menu menu = Objects.requireNonNull(shell.getMenuBar(), "the window has no menu bar");
        List<String> segments = MenuPath.segments(path);
        MenuItem found = null;
        for (int i = 0; i < segments.size(); i++) {
            if (found != null) {
                menu = found.getMenu();
                if (menu == null) {
                    throw new IllegalArgumentException("Menu item \"" + found.getText() + "\" in \"" + path
                            + "\" has no submenu");
                }
            }
            menu.notifyListeners(SWT.Show, new Event());
            found = null;
            List<String> here = new ArrayList<>();
            for (MenuItem mi : menu.getItems()) {
                if ((mi.getStyle() & SWT.SEPARATOR) != 0) {
                    continue;
                }
                here.add(MenuPath.normalize(mi.getText()));
                if (found == null && MenuPath.matches(mi.getText(), segments.get(i))) {
                    found = mi;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("No menu item \"" + segments.get(i) + "\" in \"" + path
                        + "\"; there: " + here);
            }
        }
        return found;
    }
}
