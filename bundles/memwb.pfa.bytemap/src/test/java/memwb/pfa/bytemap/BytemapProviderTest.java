package memwb.pfa.bytemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.ram.SparseMemory;

class BytemapProviderTest {
    @Test
    void providerIsNamedBytemapAndBuildsAnAllocatorWithItsOptions() {
        BytemapProvider provider = new BytemapProvider();
        assertEquals("bytemap", provider.name());
        FrameAllocator pfa = provider.create(new SparseMemory(BytemapFrameAllocatorTest.smallPc()),
                BytemapFrameAllocatorTest.KERNEL, null, Map.of("search", "next-fit"));
        assertEquals("bytemap", pfa.name());
        assertTrue(pfa.describe().contains("next-fit"));
        assertEquals(0, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void componentIsAnImmediateProviderRankedAboveDefaultWithPfaNameBytemap() throws IOException {
        // bnd writes the component description from the annotations before the tests run.
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/" + BytemapProvider.class.getName() + ".xml")) {
            assertNotNull(in, "bnd generated the component XML");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("immediate=\"true\""), xml);
            assertTrue(xml.contains("name=\"pfa.name\"") && xml.contains("value=\"bytemap\""), xml);
            assertTrue(xml.contains("name=\"service.ranking\" type=\"Integer\" value=\"100\""), xml);
            assertTrue(xml.contains("memwb.api.pfa.FrameAllocatorProvider"), xml);
        }
    }
}
