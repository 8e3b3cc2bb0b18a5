package memwb.api.ram;

import org.osgi.annotation.versioning.ProviderType;

/** Creates the RAM of a machine. One instance per booted machine. */
@ProviderType
public interface PhysicalMemoryFactory {
    /** New zeroed RAM whose installed ranges are exactly the regions of {@code map}. */
    PhysicalMemory create(MemoryMap map);
}
