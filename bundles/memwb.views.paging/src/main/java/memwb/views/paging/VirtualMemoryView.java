package memwb.views.paging;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.osgi.service.component.annotations.Component;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/** The Virtual Memory view: an address space's mapped runs ({@code info mem -v}) as bands and a table. */
@Component(service = WorkbenchView.class)
public final class VirtualMemoryView implements WorkbenchView {
    static final String ID = "memwb.view.virtualmemory";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Virtual Memory";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        return new VirtualMemoryPanel(parent, context).control();
    }
}
