package memwb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import memwb.api.machine.MachineException;
import memwb.api.machine.MachineService;
import memwb.api.vmm.VmmException;
import memwb.machine.HandWiredMachines;

/** space, space new/use/drop, and map/translate acting on the space CR3 holds, on a real machine. */
class SpaceCommandsTest {
    private static final Path QEMU_128M = Path.of("../../scenarios/qemu-128m.json");

    private final MachineService machines = HandWiredMachines.service();
    private final SpaceCommands space = new SpaceCommands(machines);
    private final PagingCommands paging = new PagingCommands(machines);

    private void boot() {
        machines.boot(QEMU_128M);
    }

    /** The console line of space {@code name} in the listing. */
    private String row(String name) {
        return space.space().lines().filter(l -> l.substring(2).startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in\n" + space.space()));
    }

    @Test
    void theListShowsTheKernelSpaceAsCurrentAfterBoot() {
        boot();
        String out = space.space();
        assertTrue(out.startsWith("  NAME         CR3                     PAGES  TABLES\n"), out);
        assertTrue(row("kernel").matches("\\* kernel +0x[0-9a-f]{16} +\\d+ +\\d+"), row("kernel"));
        assertTrue(paging.cr3().endsWith("(space kernel)"), paging.cr3());
    }

    @Test
    void twoProcessesHaveTheSameUserAddressMappedApartAndTheKernelHalfInCommon() {
        boot();
        assertTrue(space.space("new", "p1").startsWith("space p1: CR3=0x"));
        space.space("new", "p2");
        assertTrue(space.space("use", "p1").endsWith("(p1): non-global TLB entries dropped"));
        assertEquals("mapped 0x400000-0x400fff -> 0x200000 urwx", paging.map("0x400000", "0x200000", "0x1000", "wxu"));
        String kernelHalf = paging.translate("0xffffffff80000000");
        space.space("use", "p2");
        String miss = paging.translate("0x400000");
        assertTrue(miss.contains("not-present page"), miss);
        assertEquals(kernelHalf.replace("TLB miss", "TLB hit"), paging.translate("0xffffffff80000000").replace("TLB miss", "TLB hit"),
                "the kernel half translates the same in both");
        space.space("use", "p1");
        assertTrue(paging.translate("0x400000").startsWith("0x400000 -> 0x200000"));
        assertTrue(row("p1").matches("\\* p1 +0x[0-9a-f]{16} +1 +4"), "one page, root + PDPT + PD + PT: " + row("p1"));
        assertTrue(row("p2").matches("  p2 +0x[0-9a-f]{16} +0 +1"), row("p2"));
        assertTrue(paging.cr3().endsWith("(space p1)"), paging.cr3());
    }

    @Test
    void aKernelHalfMapFromAUserSpaceReachesEverySpace() {
        boot();
        space.space("new", "p1");
        space.space("use", "p1");
        paging.map("0xffff900000000000", "0x4000000", "0x1000", "w");
        space.space("use", "kernel");
        assertTrue(paging.translate("0xffff900000000000").startsWith("0xffff900000000000 -> 0x4000000"));
        assertEquals("protected 0xffff900000000000-0xffff900000000fff -r--", paging.protect("0xffff900000000000", "0x1000", "-"));
        space.space("use", "p1");
        String write = paging.translate("0xffff900000000000", "w");
        assertTrue(write.contains("permissions violation"), "p1 sees the kernel's protect: " + write);
        assertTrue(paging.unmap("0xffff900000000000", "0x1000").startsWith("unmapped"));
        space.space("use", "kernel");
        assertTrue(paging.translate("0xffff900000000000").contains("not-present page"));
    }

    @Test
    void aUserHalfMapInTheKernelSpaceStaysTheKernelSpaces() {
        boot();
        space.space("new", "p1");
        paging.map("0x400000", "0x200000", "0x1000", "w");
        space.space("use", "p1");
        assertTrue(paging.translate("0x400000").contains("not-present page"));
    }

    @Test
    void droppingGivesTheTablesBackAndTheListForgetsTheSpace() {
        boot();
        space.space("new", "p1");
        space.space("use", "p1");
        paging.map("0x400000", "0x200000", "0x1000", "wxu");
        space.space("use", "kernel");
        assertEquals("dropped space p1: its page tables went back to the frame allocator", space.space("drop", "p1"));
        assertTrue(space.space().lines().noneMatch(l -> l.contains(" p1 ")), space.space());
    }

    @Test
    void everyRefusalNamesWhatWasWrong() {
        boot();
        space.space("new", "p1");
        space.space("use", "p1");
        String[][] cases = {
                {"new", "p1", "a space named \"p1\" exists already"},
                {"new", "kernel", "\"kernel\" names the kernel space"},
                {"use", "nobody", "no space named \"nobody\" (spaces: kernel, p1)"},
                {"drop", "nobody", "no space named \"nobody\""},
                {"drop", "kernel", "the kernel space cannot be dropped"},
                {"drop", "p1", "it is the current space"},
        };
        for (String[] c : cases) {
            MachineException e = assertThrows(MachineException.class, () -> space.space(c[0], c[1]));
            assertTrue(e.getMessage().contains(c[2]), c[2] + " in " + e.getMessage());
        }
        String verb = assertThrows(IllegalArgumentException.class, () -> space.space("kill", "p1")).getMessage();
        assertTrue(verb.contains("unknown verb \"kill\""), verb);
        assertTrue(row("p1").startsWith("* p1"), "nothing changed: " + space.space());
        VmmException straddle = assertThrows(VmmException.class,
                () -> paging.map("0x7ffffffff000", "0x200000", "0x2000", "w"));
        assertTrue(straddle.getMessage().contains("0x7ffffffff000"), straddle.getMessage());
    }

    @Test
    void aCr3LoadedByHandNamesNoSpaceAndTheListSaysSo() {
        boot();
        paging.cr3("0x7000000");
        assertTrue(space.space().contains("CR3=0x7000000 points at none of them"), space.space());
        assertTrue(paging.cr3().endsWith("(no space of this machine)"));
        MachineException e = assertThrows(MachineException.class, () -> paging.map("0x400000", "0x200000", "0x1000", "w"));
        assertTrue(e.getMessage().contains("space use NAME"), e.getMessage());
    }

    @Test
    void withoutAMachineOrWithPagingOffTheCommandsSaySo() {
        assertTrue(assertThrows(IllegalStateException.class, space::space).getMessage().contains("no machine is booted"));
        machines.bootSpec("{\"ram\": \"64M\", \"paging\": {\"mode\": \"off\"}}", "off.json");
        assertTrue(assertThrows(IllegalStateException.class, () -> space.space("new", "p1")).getMessage()
                .contains("paging is off"));
    }
}
