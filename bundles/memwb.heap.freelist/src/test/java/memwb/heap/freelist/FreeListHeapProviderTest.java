package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapException;
import memwb.heap.support.testing.HeapRig;

class FreeListHeapProviderTest {
    @Test
    void providerMakesFreeListHeapsAndRefusesUnknownOptions() {
        FreeListHeapProvider provider = new FreeListHeapProvider();
        assertEquals("freelist", provider.name());
        HeapRig rig = HeapRig.standard();
        Heap heap = provider.create(rig.memory, null, Map.of("trim", "131072"));
        assertEquals("freelist", heap.name());
        assertNotEquals(0, heap.malloc(10));
        assertEquals(List.of(), heap.check());
        HeapException e = assertThrows(HeapException.class,
                () -> provider.create(HeapRig.standard().memory, null, Map.of("arenas", "2")));
        assertTrue(e.getMessage().contains("arenas"), e.getMessage());
    }

    @Test
    void adoptionGoesThroughTheProvider() {
        FreeListHeapProvider provider = new FreeListHeapProvider();
        HeapRig rig = HeapRig.standard();
        Heap first = provider.create(rig.memory, null, Map.of());
        long p = first.malloc(300);
        Heaps.fillPattern(rig.memory, p, 300, 77);
        Heap second = provider.create(rig.memory, first.exportState(), Map.of());
        Heaps.assertPattern(rig.memory, p, 300, 77);
        assertEquals(first.usableSize(p), second.usableSize(p));
    }

    @Test
    void componentIsAnImmediateHeapProviderRanked50() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/" + FreeListHeapProvider.class.getName() + ".xml")) {
            assertNotNull(in, "bnd generated the component XML");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("immediate=\"true\""), xml);
            assertTrue(xml.contains("name=\"heap.name\"") && xml.contains("value=\"freelist\""), xml);
            assertTrue(xml.contains("name=\"service.ranking\" type=\"Integer\" value=\"50\""), xml);
            assertTrue(xml.contains("memwb.api.heap.HeapProvider"), xml);
        }
    }
}
