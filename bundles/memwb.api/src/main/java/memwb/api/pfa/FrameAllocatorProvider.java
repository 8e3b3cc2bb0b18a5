package memwb.api.pfa;

import java.util.Map;

import memwb.api.ram.PhysicalMemory;

/**
 * A frame allocator implementation, registered as a service so others can be installed beside it
 * and swapped in while a machine runs. Service property {@code pfa.name} repeats {@link #name()};
 * {@code service.ranking} decides the default.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface FrameAllocatorProvider {
    /** The name users type ({@code use pfa NAME}), e.g. "bytemap". */
    String name();

    /**
     * Builds an allocator over {@code ram}'s memory map. Its metadata is placed in usable RAM
     * ending at or below {@code metadataBelow} (the notes: just below the kernel image), is written
     * into RAM and marked reserved.
     *
     * @param adopt  if not null, the state to take over (hot swap, snapshot): every frame allocated
     *               there is allocated here with the same owner. The old allocator's metadata frames
     *               appear as {@code ALLOCATOR_METADATA} and are released once this one is placed.
     * @param options implementation options (e.g. {@code search=next-fit}); unknown keys are an error
     * @throws FrameException if the metadata does not fit below {@code metadataBelow}
     */
    FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt, Map<String, String> options);
}
