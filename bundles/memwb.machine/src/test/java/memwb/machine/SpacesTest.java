package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.machine.MachineException;
import memwb.api.machine.NamedSpace;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.api.vmm.Access;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;

/** User address spaces (processes): created, switched to with CR3, dropped; carried by paging swaps, allocator swaps, snapshots and exports. */
class SpacesTest {
    private static final long USER_VA = 0x400000;
    private static final long KERNEL_VA = 0xffff900000000000L;

    @TempDir
    Path dir;

    private final MachineManager manager = Machines.manager();

    private BootedMachine boot() {
        return manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
    }

    /** Two processes mapping the same user VA to different frames, and a kernel-half page every space sees. */
    private BootedMachine twoProcesses() {
        BootedMachine m = boot();
        m.createSpace("p1");
        m.createSpace("p2");
        m.useSpace("p1");
        m.spaceFor(USER_VA).map(USER_VA, 0x200000, 0x1000, Rights.parse("wxu"));
        m.useSpace("p2");
        m.spaceFor(USER_VA).map(USER_VA, 0x300000, 0x2000, Rights.parse("u"));
        m.spaceFor(KERNEL_VA).map(KERNEL_VA, 0x4000000, 0x1000, Rights.parse("w"));
        return m;
    }

    private static long translate(BootedMachine m, long va) {
        return m.mmu().orElseThrow().translate(va, Access.READ, Privilege.SUPERVISOR);
    }

    private static TreeMap<Long, String> pagesOf(BootedMachine m, String name) {
        return PagingSwitchTest.pages(space(m, name));
    }

    private static AddressSpace space(BootedMachine m, String name) {
        return named(m, name).space();
    }

    private static NamedSpace named(BootedMachine m, String name) {
        return m.spaces().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aBootedMachineHasOnlyTheKernelSpaceAndItIsCurrent() {
        BootedMachine m = boot();
        assertEquals(List.of("kernel"), m.spaces().stream().map(NamedSpace::name).toList());
        NamedSpace current = m.currentSpace().orElseThrow();
        assertTrue(current.isKernel());
        assertEquals(m.mmu().orElseThrow().registers().cr3(), current.cr3());
        assertSame(m.kernelSpace().orElseThrow(), current.space());
    }

    @Test
    void aNewSpaceHasItsOwnRootSharesTheKernelHalfAndLeavesCr3Alone() {
        BootedMachine m = boot();
        long cr3 = m.mmu().orElseThrow().registers().cr3();
        long allocated = m.frames().stats().allocated();
        NamedSpace p1 = m.createSpace("p1");
        assertEquals(cr3, m.mmu().orElseThrow().registers().cr3(), "creating does not switch");
        assertNotEquals(cr3, p1.cr3());
        assertEquals(allocated + 1, m.frames().stats().allocated(), "one frame: the root table");
        assertEquals(Owner.PAGE_TABLES, m.frames().owner(p1.space().root()));
        assertEquals(pagesOf(m, "kernel").tailMap(p1.space().kernelHalfStart()), pagesOf(m, "p1"),
                "a new space maps exactly the kernel half");
        assertEquals(List.of("kernel", "p1"), m.spaces().stream().map(NamedSpace::name).toList());
        assertTrue(m.events(0).stream().anyMatch(e -> e.kind().equals("space.new") && e.message().startsWith("space p1")));
    }

    @Test
    void twoProcessesMapTheSameUserAddressToDifferentFramesAndShareTheKernelHalf() {
        BootedMachine m = twoProcesses();
        assertEquals(0x300000, translate(m, USER_VA));
        assertEquals(0x4000000, translate(m, KERNEL_VA));
        m.useSpace("p1");
        assertEquals(0x200000, translate(m, USER_VA));
        assertEquals(0x4000000, translate(m, KERNEL_VA), "a kernel-half map made from p2 went to the shared tables");
        assertFalse(space(m, "p1").lookup(USER_VA + 0x1000).isPresent(), "p2's second page is not p1's");
        m.useSpace("kernel");
        assertTrue(Mmu.isFault(translate(m, USER_VA)), "the kernel space has no such user mapping");
        assertEquals(0x4000000, translate(m, KERNEL_VA));
        assertEquals(1, named(m, "p1").ownPages());
        assertEquals(2, named(m, "p2").ownPages());
    }

    @Test
    void switchingLoadsCr3DroppingNonGlobalTlbEntriesButKeepingGlobalKernelPages() {
        BootedMachine m = twoProcesses();
        Mmu mmu = m.mmu().orElseThrow();
        m.spaceFor(0xffff900000001000L).map(0xffff900000001000L, 0x4001000, 0x1000, Rights.parse("wg"));
        translate(m, USER_VA);
        translate(m, KERNEL_VA);
        translate(m, 0xffff900000001000L);
        NamedSpace p1 = m.useSpace("p1");
        assertEquals(p1.cr3(), mmu.registers().cr3());
        assertEquals("p1", m.currentSpace().orElseThrow().name());
        List<Long> cached = mmu.tlbEntries().stream().map(e -> e.va()).toList();
        assertTrue(cached.contains(0xffff900000001000L), "the global kernel page survived: " + cached);
        assertFalse(cached.contains(USER_VA) || cached.contains(KERNEL_VA), "non-global entries dropped: " + cached);
        assertTrue(m.events(0).stream().anyMatch(e -> e.kind().equals("space.use") && e.message().contains("space p1")));
    }

    @Test
    void droppingASpaceGivesBackItsOwnTablesOnly() {
        BootedMachine m = twoProcesses();
        m.useSpace("kernel");
        long[] own = named(m, "p1").ownTables(m.kernelSpace().orElseThrow());
        long allocated = m.frames().stats().allocated();
        TreeMap<Long, String> kernelPages = pagesOf(m, "kernel");
        var mappedFrame = m.frames().state(0x200000);
        m.dropSpace("p1");
        assertEquals(allocated - own.length, m.frames().stats().allocated());
        for (long table : own) {
            assertEquals(memwb.api.pfa.FrameState.FREE, m.frames().state(table), Long.toHexString(table));
        }
        assertEquals(mappedFrame, m.frames().state(0x200000), "the frame p1 mapped is not the drop's business");
        assertEquals(kernelPages, pagesOf(m, "kernel"));
        assertEquals(List.of("kernel", "p2"), m.spaces().stream().map(NamedSpace::name).toList());
        m.useSpace("p2");
        assertEquals(0x4000000, translate(m, KERNEL_VA), "p2 still shares the kernel half");
    }

    @Test
    void refusalsNameTheProblemAndChangeNothing() {
        BootedMachine m = twoProcesses();
        long allocated = m.frames().stats().allocated();
        long cr3 = m.mmu().orElseThrow().registers().cr3();
        String[][] cases = {
                {"new", "p1", "a space named \"p1\" exists already"},
                {"new", "kernel", "\"kernel\" names the kernel space"},
                {"new", "has space", "name \"has space\" is not 1 to 32 letters"},
                {"new", "", "name \"\" is not"},
                {"use", "p9", "space use: no space named \"p9\" (spaces: kernel, p1, p2)"},
                {"drop", "p9", "space drop: no space named \"p9\""},
                {"drop", "kernel", "the kernel space cannot be dropped"},
                {"drop", "p2", "space drop p2: it is the current space"},
        };
        for (String[] c : cases) {
            MachineException e = assertThrows(MachineException.class, () -> {
                switch (c[0]) {
                    case "new" -> m.createSpace(c[1]);
                    case "use" -> m.useSpace(c[1]);
                    default -> m.dropSpace(c[1]);
                }
            }, c[0] + " " + c[1]);
            assertTrue(e.getMessage().contains(c[2]), c[2] + " in " + e.getMessage());
            assertEquals(List.of("kernel", "p1", "p2"), m.spaces().stream().map(NamedSpace::name).toList());
            assertEquals(allocated, m.frames().stats().allocated());
            assertEquals(cr3, m.mmu().orElseThrow().registers().cr3());
        }
    }

    @Test
    void aUserSpaceRefusesNoKernelHalfMapButSendsItToTheSharedTables() {
        BootedMachine m = twoProcesses();
        assertSame(m.kernelSpace().orElseThrow(), m.spaceFor(KERNEL_VA));
        assertSame(space(m, "p2"), m.spaceFor(USER_VA));
        m.useSpace("kernel");
        assertSame(m.kernelSpace().orElseThrow(), m.spaceFor(USER_VA), "a user-half map in the kernel space, as before");
    }

    @Test
    void aCr3ThatIsNoSpaceHasNoCurrentSpaceAndUserHalfChangesAreRefused() {
        BootedMachine m = twoProcesses();
        m.mmu().orElseThrow().setCr3(0x7000000);
        assertTrue(m.currentSpace().isEmpty());
        String msg = assertThrows(MachineException.class, () -> m.spaceFor(USER_VA)).getMessage();
        assertTrue(msg.contains("CR3=0x7000000 points at no address space"), msg);
        assertSame(m.kernelSpace().orElseThrow(), m.spaceFor(KERNEL_VA));
    }

    @Test
    void outOfFramesWhileCreatingASpaceLeavesNothingBehind() {
        BootedMachine m = boot();
        FrameAllocator frames = m.frames();
        while (frames.allocFrame(Owner.KERNEL_DATA) != FrameAllocator.NO_FRAME) {
            // take every free frame
        }
        var before = frames.exportState();
        String msg = assertThrows(MachineException.class, () -> m.createSpace("p1")).getMessage();
        assertTrue(msg.startsWith("space new p1: ") && msg.contains("out of frames") && msg.endsWith("nothing changed"), msg);
        assertEquals(before, frames.exportState());
        assertEquals(List.of("kernel"), m.spaces().stream().map(NamedSpace::name).toList());
    }

    @Test
    void pagingOffHasNoSpacesAndRefusesToMakeOne() {
        BootedMachine m = manager.bootSpec("{\"ram\": \"64M\", \"paging\": {\"mode\": \"off\"}}", "x.json",
                Machines.SCENARIOS);
        assertTrue(m.spaces().isEmpty());
        assertTrue(m.currentSpace().isEmpty());
        String msg = assertThrows(MachineException.class, () -> m.createSpace("p1")).getMessage();
        assertTrue(msg.contains("paging off"), msg);
    }

    @Test
    void aPagingSwapRebuildsEveryUserSpaceWithTheSameTranslationsAndKeepsTheCurrentOne() {
        BootedMachine m = twoProcesses();
        TreeMap<Long, String> p1 = pagesOf(m, "p1");
        TreeMap<Long, String> p2 = pagesOf(m, "p2");
        TreeMap<Long, String> kernel = pagesOf(m, "kernel");
        long pageTablesBefore = PagingSwitchTest.framesOwnedBy(m, Owner.PAGE_TABLES);

        manager.usePagingMode("5-level");
        assertEquals("p2", m.currentSpace().orElseThrow().name(), "CR3 follows the space that was current");
        assertEquals(p1, pagesOf(m, "p1"));
        assertEquals(p2, pagesOf(m, "p2"));
        assertEquals(kernel, pagesOf(m, "kernel"));
        assertEquals(0x300000, translate(m, USER_VA));
        long tables = m.spaces().stream().mapToLong(s -> s.ownTables(m.kernelSpace().orElseThrow()).length).sum();
        assertEquals(tables, PagingSwitchTest.framesOwnedBy(m, Owner.PAGE_TABLES), "every old table went back");

        manager.usePagingMode("4-level");
        assertEquals(p1, pagesOf(m, "p1"));
        assertEquals(pageTablesBefore, PagingSwitchTest.framesOwnedBy(m, Owner.PAGE_TABLES));
        m.useSpace("p1");
        assertEquals(0x200000, translate(m, USER_VA));
        assertEquals(0x4000000, translate(m, KERNEL_VA), "the rebuilt user space shares the rebuilt kernel half");
    }

    @Test
    void aPagingSwapTheUserSpaceCannotTakeIsRefusedNamingTheSpaceAndMapping() {
        BootedMachine m = manager.bootSpec("{\"ram\": \"64M\", \"gdt\": \"flat32\"}", "x.json", Machines.SCENARIOS);
        manager.usePagingMode("pae");
        m.createSpace("p1");
        m.useSpace("p1");
        m.spaceFor(USER_VA).map(USER_VA, 0x200000, 0x1000, Rights.parse("wu"));
        var before = m.frames().exportState();
        String msg = assertThrows(MachineException.class, () -> manager.usePagingMode("32-bit")).getMessage();
        assertTrue(msg.startsWith("switch to 32-bit paging refused: space p1: the mapping 0x400000-0x400fff -> 0x200000 "
                + "urw- is no-execute"), msg);
        assertTrue(msg.endsWith("nothing changed"), msg);
        assertEquals("pae", m.pagingMode());
        assertEquals("p1", m.currentSpace().orElseThrow().name());
        assertEquals(before, m.frames().exportState());
    }

    @Test
    void anAllocatorSwapKeepsUserTablesAllocatedAndOwnedAndADropFreesThemToTheNewAllocator() {
        MachineManager all = Machines.everything();
        BootedMachine m = all.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        m.createSpace("p1");
        m.useSpace("p1");
        m.spaceFor(USER_VA).map(USER_VA, 0x200000, 0x1000, Rights.parse("wxu"));
        m.useSpace("kernel");
        long[] own = named(m, "p1").ownTables(m.kernelSpace().orElseThrow());
        all.useFrameAllocator("buddy");
        for (long t : own) {
            assertEquals(Owner.PAGE_TABLES, m.frames().owner(t), Long.toHexString(t));
        }
        long allocated = m.frames().stats().allocated();
        m.dropSpace("p1");
        assertEquals("buddy", m.frames().name());
        assertEquals(allocated - own.length, m.frames().stats().allocated(), "the new allocator took the tables back");
    }

    @Test
    void aSnapshotKeepsBothUserSpacesAndTheCurrentCr3Exactly() {
        BootedMachine before = twoProcesses();
        TreeMap<Long, String> p1 = pagesOf(before, "p1");
        TreeMap<Long, String> p2 = pagesOf(before, "p2");
        List<Long> roots = before.spaces().stream().map(s -> s.space().root()).toList();
        Path file = dir.resolve("procs.memwb");
        manager.save(file);

        BootedMachine after = manager.open(file);
        assertEquals(roots, after.spaces().stream().map(s -> s.space().root()).toList());
        assertEquals(List.of("kernel", "p1", "p2"), after.spaces().stream().map(NamedSpace::name).toList());
        assertEquals("p2", after.currentSpace().orElseThrow().name());
        assertEquals(p1, pagesOf(after, "p1"));
        assertEquals(p2, pagesOf(after, "p2"));
        assertArrayEquals(SnapshotTest.image(before.ram()), SnapshotTest.image(after.ram()), "no byte changed");
        assertEquals(before.frames().exportState(), after.frames().exportState());

        // the restored spaces work: a kernel-half map reaches both, a drop frees p1's own tables
        after.spaceFor(0xffff900000002000L).map(0xffff900000002000L, 0x4002000, 0x1000, Rights.parse("w"));
        after.useSpace("p1");
        assertEquals(0x4002000, translate(after, 0xffff900000002000L));
        assertEquals(0x200000, translate(after, USER_VA));
        after.useSpace("kernel");
        long allocated = after.frames().stats().allocated();
        long own = named(after, "p1").ownTables(after.kernelSpace().orElseThrow()).length;
        after.dropSpace("p1");
        assertEquals(allocated - own, after.frames().stats().allocated());
    }

    @Test
    void anExportCarriesTheCurrentCr3AndBootImageRestoresTheSpaces() {
        BootedMachine before = twoProcesses();
        long cr3 = before.mmu().orElseThrow().registers().cr3();
        manager.export(dir);
        BootedMachine after = manager.bootImage(dir);
        assertEquals(cr3, after.mmu().orElseThrow().registers().cr3());
        assertEquals("p2", after.currentSpace().orElseThrow().name());
        assertEquals(pagesOf(before, "p1"), pagesOf(after, "p1"));
        assertEquals(pagesOf(before, "kernel"), pagesOf(after, "kernel"));
        assertEquals(0x300000, translate(after, USER_VA));
    }

    @Test
    void anImageFromBeforeUserSpacesBootsWithTheKernelSpaceWhereCr3Points() throws IOException {
        BootedMachine before = boot();
        before.spaceFor(USER_VA).map(USER_VA, 0x200000, 0x1000, Rights.parse("w"));
        manager.export(dir);
        Files.delete(dir.resolve(ImageFiles.SPACES));
        BootedMachine after = manager.bootImage(dir);
        assertEquals(List.of("kernel"), after.spaces().stream().map(NamedSpace::name).toList());
        assertEquals(before.kernelSpace().orElseThrow().root(), after.kernelSpace().orElseThrow().root());
        assertEquals(pagesOf(before, "kernel"), pagesOf(after, "kernel"));
        after.createSpace("p1");
        assertEquals(0x200000, translate(after, USER_VA), "the kernel space is current and has its user-half page");
    }

    @Test
    void aSavedRootThatIsNotAPageTableIsRefusedNamingTheSpace() {
        BootedMachine m = twoProcesses();
        AddressSpace kernel = m.kernelSpace().orElseThrow();
        long gdtFrame = m.gdtr().base() & -FrameAllocator.FRAME_SIZE;
        String msg = assertThrows(MachineException.class,
                () -> AdoptedUserSpace.adopt(kernel, m.frames(), m.ram(), gdtFrame, "x.memwb: space p3")).getMessage();
        assertTrue(msg.startsWith("x.memwb: space p3: root 0x" + Long.toHexString(gdtFrame) + " is not a page-table frame"), msg);
    }
}
