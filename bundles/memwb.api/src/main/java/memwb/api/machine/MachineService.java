package memwb.api.machine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Boots machines and holds the current one. {@code boot} accepts a machine spec (JSON) or a bare
 * memory map (an E820 listing, a table, or a {@code /sys/firmware/memmap} directory) with defaults
 * for the rest. A failed boot leaves the current machine untouched.
 */
@org.osgi.annotation.versioning.ProviderType
public interface MachineService {
    Machine boot(Path specOrMap);

    /** Boots from spec JSON text; {@code source} names it in errors. */
    Machine bootSpec(String json, String source);

    Optional<Machine> current();

    /**
     * Restores a machine from a directory written by {@link #export}: its spec, RAM image, registers
     * and frame states. A corrupt directory is refused, naming the file and field, and the current
     * machine stays.
     */
    Machine bootImage(Path dir);

    /**
     * Writes the current machine to {@code dir}: ram.bin (sparse), registers.json, qemu.txt and
     * qemu.gdb (to load the same into QEMU and compare its info tlb), machine.json and frames.json.
     */
    void export(Path dir);

    /** Names of the frame allocators installed now, the default (best-ranked) first. */
    java.util.List<String> frameAllocators();

    /** Switches the active frame allocator of the current machine, migrating its state. */
    void useFrameAllocator(String name);
}
