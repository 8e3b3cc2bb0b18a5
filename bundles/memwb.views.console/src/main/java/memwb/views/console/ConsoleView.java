package memwb.views.console;

import org.apache.felix.service.command.CommandProcessor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.component.annotations.Component;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/**
 * Console: the Gogo console inside the workbench. Type a command (the same as in ./memwb --headless:
 * info map, palloc, walk ...) and Enter; it runs in the background through the CommandProcessor
 * service in a session of the view's own, and its output (errors in red) is appended below. Up and
 * Down walk the history.
 */
@Component(service = WorkbenchView.class, property = "memwb.view.default:Boolean=true")
public final class ConsoleView implements WorkbenchView {
    public static final String ID = "memwb.view.console";
    static final String PROMPT = "memwb> ";
    /** Output kept in the view, in characters: older text is dropped so a long session stays fast. */
    static final int MAX_CHARS = 1_000_000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Console";
    }

    @Override
    public String defaultStack() {
        return "bottom";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 2;
        layout.marginHeight = 2;
        root.setLayout(layout);
        StyledText output = new StyledText(root, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        output.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        Font mono = new Font(root.getDisplay(), "Monospace", 10, SWT.NORMAL);
        output.setFont(mono);
        new Label(root, SWT.NONE).setText(PROMPT.strip());
        Text input = new Text(root, SWT.BORDER | SWT.SINGLE);
        input.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        input.setFont(mono);
        input.setMessage("a command, e.g. info map (Up/Down: history)");
        History history = new History();
        ConsoleSession[] session = { null };
        input.addListener(SWT.KeyDown, e -> {
            String line = e.keyCode == SWT.ARROW_UP ? history.up() : e.keyCode == SWT.ARROW_DOWN ? history.down() : null;
            if (line != null) {
                input.setText(line);
                input.setSelection(line.length());
                e.doit = false;
            }
        });
        input.addListener(SWT.DefaultSelection, e -> {
            String line = input.getText();
            history.add(line);
            input.setText("");
            append(output, PROMPT + line + "\n", false);
            if (line.isBlank()) {
                return;
            }
            context.background().execute(() -> {
                ConsoleSession.Output out;
                try {
                    synchronized (session) {
                        if (session[0] == null) {
                            CommandProcessor processor = context.service(CommandProcessor.class);
                            if (processor == null) {
                                throw new IllegalStateException("no Gogo CommandProcessor service is installed");
                            }
                            session[0] = new ConsoleSession(processor);
                        }
                    }
                    out = session[0].run(line);
                } catch (RuntimeException ex) {
                    out = new ConsoleSession.Output("Error: " + ex.getMessage() + "\n", true);
                }
                ConsoleSession.Output shown = out;
                if (!output.isDisposed()) {
                    output.getDisplay().asyncExec(() -> append(output, shown.text(), shown.failed()));
                }
            });
        });
        root.addDisposeListener(e -> {
            mono.dispose();
            if (session[0] != null) {
                context.background().execute(session[0]::close);
            }
        });
        return root;
    }

    private static void append(StyledText output, String text, boolean error) {
        if (output.isDisposed() || text.isEmpty()) {
            return;
        }
        int start = output.getCharCount();
        output.append(text);
        if (error) {
            output.setStyleRange(new StyleRange(start, text.length(), output.getDisplay().getSystemColor(SWT.COLOR_RED), null));
        }
        if (output.getCharCount() > MAX_CHARS) {
            output.replaceTextRange(0, output.getCharCount() - MAX_CHARS, "");
        }
        output.setTopIndex(output.getLineCount() - 1);
    }
}
