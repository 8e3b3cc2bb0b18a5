package memwb.views.heap;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.osgi.service.component.annotations.Component;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/** The Heap view: the kernel heap's blocks as a strip, its free lists, its check and plots over time. */
@Component(service = WorkbenchView.class)
public final class HeapView implements WorkbenchView {
    static final String ID = "memwb.view.heap";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Heap";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        return new HeapPanel(parent, context).control();
    }
}
