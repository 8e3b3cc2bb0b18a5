package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class VmmComponentTest {
    @Test
    void theVmmIsAComponentProvidingTheVmmService() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/" + VmmComponent.class.getName() + ".xml")) {
            assertNotNull(in, "bnd wrote the component XML");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("memwb.api.vmm.Vmm"), xml);
            assertTrue(xml.contains("memwb.vmm.VmmComponent"), xml);
        }
    }
}
