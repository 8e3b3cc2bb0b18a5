package memwb.views.paging;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.osgi.service.component.annotations.Component;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/** The Address Translation view: type a linear address, see the walk, the TLB's part and the result. */
@Component(service = WorkbenchView.class)
public final class TranslationView implements WorkbenchView {
    static final String ID = "memwb.view.translation";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Address Translation";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        return new TranslationPanel(parent, context).control();
    }
}
