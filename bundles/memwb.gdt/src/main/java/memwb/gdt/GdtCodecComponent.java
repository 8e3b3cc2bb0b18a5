package memwb.gdt;

import org.osgi.service.component.annotations.Component;

import memwb.api.gdt.DescriptorCodec;

/** The DS service: publishes the plain {@link GdtCodec} as a {@link DescriptorCodec}. */
@Component(service = DescriptorCodec.class)
public class GdtCodecComponent extends GdtCodec {
}
