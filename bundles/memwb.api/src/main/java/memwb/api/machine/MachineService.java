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

    /** Names of the heaps installed now, the default (best-ranked) first. */
    java.util.List<String> heaps();

    /**
     * Switches the kernel heap of the current machine: the new heap adopts every live block at its
     * address with its bytes, or the swap is refused with the reason and nothing changes.
     */
    void useHeap(String name);

    /**
     * A new, empty heap of implementation {@code name} in a range of the current machine's kernel
     * space of its own, apart from the kernel heap (trace replays, experiments): its headers go
     * through the same MMU and its pages come from the same frame allocator. {@link
     * memwb.api.heap.Heap#destroy()} gives every page back.
     */
    memwb.api.heap.Heap newHeap(String name);

    /** Names of the paging modes installed now ("32-bit", "pae", "4-level", "5-level"). */
    java.util.List<String> pagingModes();

    /**
     * Switches the current machine's paging mode: the page tables are rebuilt in the new format so
     * every mapping translates to the same physical address with the same rights, the old tables'
     * frames are released and CR0/CR3/CR4/EFER are loaded as the new mode needs. Refused, naming the
     * mapping, when the new mode cannot express one (e.g. a linear address above 4 GiB for 32-bit
     * paging); nothing changes then.
     */
    void usePagingMode(String name);

    /**
     * Saves the whole current machine to one file (a versioned JSON manifest and compressed RAM
     * chunks): RAM, registers, memory map, the active implementation of each service and its state.
     */
    void save(Path file);

    /**
     * Opens a machine saved by {@link #save} exactly as it was (no byte or translation differs). A
     * truncated, corrupt or newer-version file is refused with the reason; the current machine stays.
     */
    Machine open(Path file);
}
