package memwb.pfa.bitmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.ram.SparseMemory;

class BitmapProviderTest {
    @Test
    void providerIsNamedBitmapAndBuildsAnAllocatorWithoutOptions() {
        BitmapProvider provider = new BitmapProvider();
        assertEquals("bitmap", provider.name());
        FrameAllocator pfa = provider.create(new SparseMemory(BitmapFrameAllocatorTest.smallPc()),
                BitmapFrameAllocatorTest.KERNEL, null, Map.of());
        assertEquals("bitmap", pfa.name());
        assertEquals(0, pfa.allocFrame(Owner.HEAP));
        assertThrows(IllegalArgumentException.class, () -> provider.create(
                new SparseMemory(BitmapFrameAllocatorTest.smallPc()), BitmapFrameAllocatorTest.KERNEL, null, Map.of("x", "y")));
    }

    @Test
    void componentIsAnImmediateProviderRankedBelowTheBytemapWithPfaNameBitmap() throws IOException {
        // bnd writes the component description from the annotations before the tests run.
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/" + BitmapProvider.class.getName() + ".xml")) {
            assertNotNull(in, "bnd generated the component XML");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("immediate=\"true\""), xml);
            assertTrue(xml.contains("name=\"pfa.name\"") && xml.contains("value=\"bitmap\""), xml);
            assertTrue(xml.contains("name=\"service.ranking\" type=\"Integer\" value=\"50\""), xml);
            assertTrue(xml.contains("memwb.api.pfa.FrameAllocatorProvider"), xml);
        }
    }
}
