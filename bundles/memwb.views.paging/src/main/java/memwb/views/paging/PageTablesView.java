package memwb.views.paging;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.osgi.service.component.annotations.Component;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/** The Page Tables view: the paging structures from CR3 down, read from RAM as they are opened. */
@Component(service = WorkbenchView.class)
public final class PageTablesView implements WorkbenchView {
    static final String ID = "memwb.view.pagetables";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Page Tables";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        return new PageTablesPanel(parent, context).control();
    }
}
