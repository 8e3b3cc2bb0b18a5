package memwb.heap.freelist;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapProvider;
import memwb.api.heap.HeapState;

/**
 * Offers the free-list heap ({@code heap.name=freelist}), ranked 50. Option: {@code trim} (bytes of
 * free pages at the top that go back to the VMM); any other key is refused naming it.
 */
@Component(service = HeapProvider.class, immediate = true,
        property = {"heap.name=" + FreeListHeap.NAME, "service.ranking:Integer=50"})
public class FreeListHeapProvider implements HeapProvider {

    @Override
    public String name() {
        return FreeListHeap.NAME;
    }

    /** A free-list heap over {@code memory}, new or adopting {@code adopt}'s live blocks. @throws memwb.api.heap.HeapException for an unknown option or blocks it cannot adopt; nothing changed then */
    @Override
    public Heap create(HeapMemory memory, HeapState adopt, Map<String, String> options) {
        return FreeListHeap.create(memory, adopt, options);
    }
}
