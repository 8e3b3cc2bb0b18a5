package memwb.heap.tlsf;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapProvider;
import memwb.api.heap.HeapState;

/**
 * Offers the TLSF heap ({@code heap.name=tlsf}), ranked 60: above the free-list heap, so it is the
 * default kernel heap when both are installed (it is O(1) per operation and measured the better one).
 * Options: {@code arenas} (1 or 2) and {@code small.max} (bytes); any other key is refused.
 */
@Component(service = HeapProvider.class, immediate = true,
        property = {"heap.name=" + TlsfHeap.NAME, "service.ranking:Integer=60"})
public class TlsfHeapProvider implements HeapProvider {

    @Override
    public String name() {
        return TlsfHeap.NAME;
    }

    /** A TLSF heap over {@code memory}, new or adopting {@code adopt}'s live blocks. @throws memwb.api.heap.HeapException for an unknown option or blocks it cannot adopt */
    @Override
    public Heap create(HeapMemory memory, HeapState adopt, Map<String, String> options) {
        return TlsfHeap.create(memory, adopt, options);
    }
}
