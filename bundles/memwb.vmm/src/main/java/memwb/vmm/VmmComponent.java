package memwb.vmm;

import org.osgi.service.component.annotations.Component;

import memwb.api.vmm.Vmm;

/** {@link Vmms} as the Vmm service; only the annotation, so the core stays plain Java. */
@Component(service = Vmm.class)
public class VmmComponent extends Vmms {
}
