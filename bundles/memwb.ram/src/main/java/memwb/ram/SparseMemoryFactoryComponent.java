package memwb.ram;

import org.osgi.service.component.annotations.Component;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.PhysicalMemoryFactory;

/** Offers {@link SparseMemory} as the PhysicalMemoryFactory service. */
@Component(service = PhysicalMemoryFactory.class)
public class SparseMemoryFactoryComponent implements PhysicalMemoryFactory {
    /** New zeroed sparse RAM installed exactly over the regions of {@code map}. */
    @Override
    public PhysicalMemory create(MemoryMap map) {
        return new SparseMemory(map);
    }
}
