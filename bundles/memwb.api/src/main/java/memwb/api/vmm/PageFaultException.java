package memwb.api.vmm;

/** A virtual-memory read or write that faulted; carries the fault (a #PF or a #GP). */
public class PageFaultException extends VmmException {
    private static final long serialVersionUID = 1L;
    private final transient Translation fault;

    public PageFaultException(Translation fault) {
        super(fault.va(), describe(fault));
        this.fault = fault;
    }

    /** The {@link PageFault} or {@link GeneralProtection}. */
    public Translation fault() {
        return fault;
    }

    private static String describe(Translation t) {
        if (t instanceof PageFault pf) {
            return String.format("page fault at 0x%x: %s; %s", pf.va(), pf.linuxErrorLine().substring(5), pf.reason());
        }
        return String.format("general protection fault at 0x%x: %s", t.va(), ((GeneralProtection) t).reason());
    }
}
