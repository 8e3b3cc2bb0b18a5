package memwb.api.heap;

import java.util.Map;

/**
 * A heap implementation, registered as a service so others can be installed beside it and swapped
 * in while a machine runs. Service property {@code heap.name} repeats {@link #name()};
 * {@code service.ranking} decides the default.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface HeapProvider {
    /** The name users type ({@code use heap NAME}), e.g. "freelist". */
    String name();

    /**
     * A heap over {@code memory}. With {@code adopt} null the range must hold no mapped page but the
     * control page the heap maps itself; otherwise the heap takes over the live blocks (and the
     * mapped pages) a previous heap left there, keeping each block's address and bytes.
     *
     * @param options implementation options; an unknown key is an error
     * @throws HeapException if the blocks cannot be adopted (naming the block and why) or an option is
     *         unknown; nothing in memory has changed then
     */
    Heap create(HeapMemory memory, HeapState adopt, Map<String, String> options);
}
