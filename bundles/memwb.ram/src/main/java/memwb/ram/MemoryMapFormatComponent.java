package memwb.ram;

import org.osgi.service.component.annotations.Component;

import memwb.api.ram.MemoryMapFormat;

/** Offers {@link MemoryMaps} as the MemoryMapFormat service; it holds no state. */
@Component(service = MemoryMapFormat.class)
public class MemoryMapFormatComponent extends MemoryMaps {
}
