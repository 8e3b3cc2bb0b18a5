package memwb.views.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.machine.MachineService;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.scenario.StepResult;
import memwb.views.support.Background;

/**
 * The Scenario view: opens a scenario file, lists its steps with their status, and runs them one at
 * a time (Step) or all (Run to end); each step's address is selected in the other views. Steps run
 * on the workbench's background executor, never on the UI thread.
 */
@Component(service = WorkbenchView.class)
public final class ScenarioView implements WorkbenchView {
    static final String ID = "memwb.view.scenario";
    private static final int[] COLUMN_WIDTHS = {40, 80, 70, 600};
    private static final int DETAILS_HEIGHT_PX = 140;
    private static final int FILE_FIELD_WIDTH_PX = 260;

    @Reference
    private MachineService machines;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Scenario";
    }

    @Override
    public String defaultStack() {
        return "bottom";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        return new Panel(parent, context, new ScenarioSession(machines)).root;
    }

    /** The controls of one open view. UI thread, but for the actions it hands to the background executor. */
    private static final class Panel {
        final Composite root;
        private final ViewContext context;
        private final ScenarioSession session;
        private final Text file;
        private final Label title;
        private final Label description;
        private final Table table;
        private final Text details;
        private final Button[] runButtons;
        /** The last action's error, shown in the details until the next action succeeds. */
        private volatile String error;

        Panel(Composite parent, ViewContext context, ScenarioSession session) {
            this.context = context;
            this.session = session;
            root = new Composite(parent, SWT.NONE);
            root.setLayout(new GridLayout(1, false));
            Composite bar = new Composite(root, SWT.NONE);
            bar.setLayout(new GridLayout(6, false));
            bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            file = new Text(bar, SWT.BORDER | SWT.SINGLE);
            file.setMessage("scenario file: type a path and press Enter, or Open...");
            GridData fileData = new GridData(SWT.FILL, SWT.CENTER, false, false);
            fileData.widthHint = FILE_FIELD_WIDTH_PX;
            file.setLayoutData(fileData);
            file.addListener(SWT.DefaultSelection, e -> openFile(file.getText().trim()));
            button(bar, "Open...", this::open);
            runButtons = new Button[] {button(bar, "Step", () -> act(session::step)),
                    button(bar, "Run to end", () -> act(session::runToEnd)),
                    button(bar, "Reset", () -> act(() -> {
                        session.reset();
                        return null;
                    }))};
            title = new Label(bar, SWT.NONE);
            title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            description = new Label(root, SWT.WRAP);
            description.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            table = new Table(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
            table.setHeaderVisible(true);
            table.setLinesVisible(true);
            String[] headers = {"#", "do", "status", "what it did (or why, before it runs)"};
            for (int i = 0; i < headers.length; i++) {
                TableColumn c = new TableColumn(table, SWT.LEFT);
                c.setText(headers[i]);
                c.setWidth(COLUMN_WIDTHS[i]);
            }
            table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            table.addListener(SWT.Selection, e -> showDetails());
            details = new Text(root, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
            GridData d = new GridData(SWT.FILL, SWT.FILL, true, false);
            d.heightHint = DETAILS_HEIGHT_PX;
            details.setLayoutData(d);
            refresh(-1);
        }

        private static Button button(Composite parent, String text, Runnable action) {
            Button b = new Button(parent, SWT.PUSH);
            b.setText(text);
            b.addListener(SWT.Selection, e -> action.run());
            return b;
        }

        private void open() {
            FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
            dialog.setText("Open scenario");
            dialog.setFilterExtensions(new String[] {"*.json", "*"});
            if (Files.isDirectory(Path.of("scenarios"))) {
                dialog.setFilterPath(Path.of("scenarios").toAbsolutePath().toString());
            }
            String chosen = dialog.open();
            if (chosen != null) {
                file.setText(chosen);
                openFile(chosen);
            }
        }

        private void openFile(String path) {
            if (path.isEmpty()) {
                return;
            }
            act(() -> {
                session.open(Path.of(path));
                context.status("Scenario: opened " + path);
                return null;
            });
        }

        /** Runs {@code action} off the UI thread, selects the address of the step it ran, then redraws. */
        private void act(Supplier<StepResult> action) {
            setBusy(true);
            Background.run(root, context, () -> {
                StepResult r = action.get();
                if (r == null) {
                    return -1;
                }
                context.status("Scenario step " + r.step().number() + (r.passed() ? " passed: " : " FAILED: ") + r.did());
                if (r.location() != null) {
                    context.select(r.location(), ScenarioSession.viewFor(r.location()));
                }
                return r.step().number() - 1;
            }, row -> {
                error = null;
                setBusy(false);
                refresh(row);
            }, message -> {
                error = message;
                context.status("Scenario: " + message);
                setBusy(false);
                refresh(-1);
            });
        }

        private void setBusy(boolean busy) {
            for (Button b : runButtons) {
                b.setEnabled(!busy && session.isOpen());
            }
        }

        private void refresh(int select) {
            title.setText(session.title());
            description.setText(session.description());
            List<ScenarioSession.Row> rows = session.rows();
            table.setItemCount(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                ScenarioSession.Row r = rows.get(i);
                TableItem item = table.getItem(i);
                item.setText(new String[] {Integer.toString(r.number()), r.op(), r.status(), r.did()});
                item.setForeground(2, root.getDisplay().getSystemColor(r.status().equals("failed") ? SWT.COLOR_RED
                        : r.status().equals("passed") ? SWT.COLOR_DARK_GREEN : SWT.COLOR_WIDGET_FOREGROUND));
            }
            if (select >= 0 && select < rows.size()) {
                table.setSelection(select);
                table.showSelection();
            }
            showDetails();
            setBusy(false);
            root.layout(true, true);
        }

        private void showDetails() {
            int i = table.getSelectionIndex();
            String shown = i < 0 ? session.description() : session.details(i + 1);
            details.setText(error == null ? shown : "error: " + error + "\n\n" + shown);
        }
    }
}
