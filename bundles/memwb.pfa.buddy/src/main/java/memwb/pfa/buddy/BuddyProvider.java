package memwb.pfa.buddy;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.PhysicalMemory;

/**
 * Offers the buddy allocator ({@code pfa.name=buddy}), ranked below the bytemap default.
 *
 * <p>Placement and adoption follow the bytemap's rules: the metadata (an entry byte per frame plus
 * list heads and per-zone counts, rounded up to whole frames) takes the highest run of frames that
 * are usable and free in {@code adopt}, ending at or below {@code metadataBelow}. Adopted ALLOCATED
 * frames stay allocated with their owner, each as a one-frame allocation (freed alone or several at
 * once with freeContiguous); RESERVED keep their owner, except ALLOCATOR_METADATA, which is freed
 * once the new metadata is placed; FREE frames are free where the memory map offers usable RAM;
 * frames no run mentions follow the memory map.
 */
@Component(service = FrameAllocatorProvider.class, immediate = true,
        property = {"pfa.name=" + BuddyFrameAllocator.NAME, "service.ranking:Integer=40"})
public class BuddyProvider implements FrameAllocatorProvider {

    @Override
    public String name() {
        return BuddyFrameAllocator.NAME;
    }

    /** A new buddy allocator; it takes no options. */
    @Override
    public FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt, Map<String, String> options) {
        return BuddyFrameAllocator.create(ram, metadataBelow, adopt, options);
    }
}
