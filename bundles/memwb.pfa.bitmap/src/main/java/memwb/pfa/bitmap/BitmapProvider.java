package memwb.pfa.bitmap;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.PhysicalMemory;

/**
 * Offers the bitmap allocator ({@code pfa.name=bitmap}), ranked below the bytemap so installing it
 * does not change the default.
 *
 * <p>Placement and adoption follow the bytemap's rules: the bitmap (one bit per frame, rounded up
 * to whole 64-bit words and then whole frames) takes the highest run of frames that are usable in
 * the memory map and free in {@code adopt}, ending at or below {@code metadataBelow}, reserved as
 * ALLOCATOR_METADATA. Adopted ALLOCATED frames stay allocated with their owner; RESERVED frames keep
 * their owner, except ALLOCATOR_METADATA (the previous allocator's metadata), freed once the new
 * bitmap is placed; FREE frames are free where the memory map offers usable RAM; frames no run
 * mentions follow the memory map.
 */
@Component(service = FrameAllocatorProvider.class, immediate = true,
        property = {"pfa.name=" + BitmapFrameAllocator.NAME, "service.ranking:Integer=50"})
public class BitmapProvider implements FrameAllocatorProvider {

    @Override
    public String name() {
        return BitmapFrameAllocator.NAME;
    }

    /** A new bitmap allocator; it takes no options, so any key is refused. */
    @Override
    public FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt, Map<String, String> options) {
        return BitmapFrameAllocator.create(ram, metadataBelow, adopt, options);
    }
}
