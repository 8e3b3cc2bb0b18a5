package memwb.pfa.bytemap;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.PhysicalMemory;

/**
 * Offers the bytemap allocator as the default frame allocator ({@code pfa.name=bytemap}).
 *
 * <p>Placement: the bytemap (frameCount bytes, rounded up to whole frames) takes the highest run of
 * frames that are usable in the memory map and free in {@code adopt}, ending at or below
 * {@code metadataBelow}. Adopted frames: ALLOCATED stay allocated with their owner; RESERVED keep
 * their owner (kernel image, GDT, firmware), except ALLOCATOR_METADATA, the previous allocator's
 * metadata, which is freed once the new bytemap is placed; FREE frames are free where the memory map
 * offers usable RAM; frames no run mentions follow the memory map.
 */
@Component(service = FrameAllocatorProvider.class, immediate = true,
        property = {"pfa.name=" + BytemapFrameAllocator.NAME, "service.ranking:Integer=100"})
public class BytemapProvider implements FrameAllocatorProvider {

    @Override
    public String name() {
        return BytemapFrameAllocator.NAME;
    }

    /** A new bytemap allocator; options: {@code search=first-fit|next-fit}. */
    @Override
    public FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt, Map<String, String> options) {
        return BytemapFrameAllocator.create(ram, metadataBelow, adopt, options);
    }
}
