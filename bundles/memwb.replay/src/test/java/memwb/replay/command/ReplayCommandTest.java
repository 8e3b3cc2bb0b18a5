package memwb.replay.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;

class ReplayCommandTest {
    /** A command wired to a MachineService whose current machine is {@code machine} (null: none booted). */
    private static ReplayCommand command(Machine machine) throws ReflectiveOperationException {
        MachineService service = (MachineService) Proxy.newProxyInstance(MachineService.class.getClassLoader(),
                new Class<?>[] {MachineService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "current" -> Optional.ofNullable(machine);
                    case "heaps" -> List.of("tlsf", "freelist");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ReplayCommand c = new ReplayCommand();
        Field f = ReplayCommand.class.getDeclaredField("machines");
        f.setAccessible(true);
        f.set(c, service);
        return c;
    }

    @Test
    void withoutABootedMachineTheCommandSaysSo() throws ReflectiveOperationException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> command(null).replay("x.rep", "--heap", "tlsf"));
        assertTrue(e.getMessage().contains("no machine is booted"), e.getMessage());
    }

    @Test
    void withPagingOffTheCommandSaysSo() throws ReflectiveOperationException {
        Machine flat = (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "mmu" -> Optional.empty();
                    case "name" -> "flat";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> command(flat).replay("x.rep", "--heap", "tlsf"));
        assertTrue(e.getMessage().contains("paging off"), e.getMessage());
    }

    @Test
    void unknownOptionsAreNamedWithTheUsage() throws ReflectiveOperationException {
        ReplayCommand c = command(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.replay("x.rep", "--heep", "tlsf"));
        assertTrue(e.getMessage().contains("--heep") && e.getMessage().contains(ReplayCommand.USAGE), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.replay("--compar", "dir"));
        assertThrows(IllegalArgumentException.class, () -> c.replay("--compare", "dir", "--cvs", "f"));
        assertTrue(c.replay().contains(ReplayCommand.USAGE));
    }

    @Test
    void componentIsTheReplayCommandInScopeMemwb() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/" + ReplayCommand.class.getName() + ".xml")) {
            assertNotNull(in, "bnd generated the component XML");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("name=\"osgi.command.scope\"") && xml.contains("value=\"memwb\""), xml);
            assertTrue(xml.contains("name=\"osgi.command.function\"") && xml.contains("value=\"replay\""), xml);
            assertEquals(-1, xml.indexOf("immediate=\"false\""), xml);
        }
    }
}
