package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapException;

class TlsfHeapProviderTest {
    @Test
    void providerIsNamedTlsfAndRefusesUnknownOptions() {
        TlsfHeapProvider provider = new TlsfHeapProvider();
        assertEquals("tlsf", provider.name());
        Heap heap = provider.create(TlsfHeapTest.memory(), null, Map.of("small.max", "128"));
        assertEquals("tlsf", heap.name());
        assertTrue(heap.malloc(10) != 0);
        assertThrows(HeapException.class, () -> provider.create(TlsfHeapTest.memory(), null, Map.of("x", "y")));
    }

    @Test
    void componentIsAnImmediateHeapProviderRanked60() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/" + TlsfHeapProvider.class.getName() + ".xml")) {
            assertNotNull(in, "bnd generated the component XML");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("immediate=\"true\""), xml);
            assertTrue(xml.contains("name=\"heap.name\"") && xml.contains("value=\"tlsf\""), xml);
            assertTrue(xml.contains("name=\"service.ranking\" type=\"Integer\" value=\"60\""), xml);
            assertTrue(xml.contains("memwb.api.heap.HeapProvider"), xml);
        }
    }
}
