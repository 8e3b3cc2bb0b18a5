package memwb.ui;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/**
 * The Bundles view: every bundle with its state and the services it registers and uses, with
 * Install..., Start, Stop and Uninstall. Contributed like any third-party view, as a service.
 */
@Component(service = WorkbenchView.class, property = Workbench.DEFAULT_VIEW_PROPERTY + ":Boolean=true")
public final class BundlesView implements WorkbenchView {
    static final String ID = "memwb.view.bundles";

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        context = bundleContext;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Bundles";
    }

    @Override
    public String defaultStack() {
        return WorkbenchWindow.LEFT;
    }

    @Override
    public Control createControl(Composite parent, ViewContext viewContext) {
        return new BundlesPanel(parent, context, viewContext).control();
    }
}
