package memwb.machine;

import java.util.List;
import java.util.Map;

import memwb.api.heap.HeapState;
import memwb.api.pfa.AllocationState;

/**
 * Everything a machine snapshot holds, as plain values: {@link SnapshotFile} turns it into one file
 * and back; {@link MachineManager} gathers it from a running machine and rebuilds one from it.
 *
 * @param spec            the machine spec as ImageFiles.spec writes it (machine.json), which gives the
 *                        memory map, kernel sections, GDT placement and boot choices
 * @param registers       cr0, cr2, cr3, cr4, efer, rflags by name
 * @param pagingMode      the active paging mode's name, or "off"
 * @param frameAllocator  the active frame allocator's name, with its options
 * @param frames          every frame's state and owner
 * @param heap            the active kernel heap's name, or null when there is none; its metadata is in RAM
 * @param heapBlocks      the kernel heap's live blocks, which the heap adopts again on open (empty without a heap)
 * @param spaces          the kernel space's and each user space's root, or null (paging off, or a file
 *                        from before user spaces: the kernel space is where CR3 points)
 * @param ram             every touched chunk of physical memory, ascending
 */
record SnapshotData(String spec, Map<String, Long> registers, long gdtrBase, int gdtrLimit, String pagingMode,
        String frameAllocator, Map<String, String> allocatorOptions, AllocationState frames, String heap,
        List<HeapState.LiveBlock> heapBlocks, SpaceRoots spaces, List<RamChunk> ram) {

    /** The format this build writes; a file with a newer one is refused. */
    static final int FORMAT_VERSION = 1;

    /** {@code bytes.length} bytes of physical memory from {@code address}. */
    record RamChunk(long address, byte[] bytes) {
    }
}
