package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import memwb.api.machine.MachineException;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Rights;

/** {@code use paging MODE}: the tables rebuilt in another format, every translation kept, or a refusal naming the mapping. */
class PagingSwitchTest {
    private static final long PAGE = 4096;

    /** Every 4 KiB page the space maps: linear page -> "pa rights", so page sizes may differ but translations may not. */
    static TreeMap<Long, String> pages(AddressSpace space) {
        TreeMap<Long, String> pages = new TreeMap<>(Long::compareUnsigned);
        for (Mapping m : space.mappings()) {
            for (long off = 0; off < m.size(); off += PAGE) {
                pages.put(m.va() + off, Long.toHexString(m.pa() + off) + " " + m.rights());
            }
        }
        return pages;
    }

    static long framesOwnedBy(BootedMachine m, Owner owner) {
        return m.frames().exportState().runs().stream()
                .filter(r -> r.state() == FrameState.ALLOCATED && r.owner() == owner).mapToLong(FrameRun::count).sum();
    }

    @Test
    void fourLevelToFiveLevelAndBackKeepsEveryTranslationAndReleasesTheOldTables() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        AddressSpace before = m.kernelSpace().orElseThrow();
        before.map(0xffff900000000000L, 0x4000000, 4L << 20, Rights.parse("wg"));
        before.allocPages(0xffffc90000000000L, 3, Rights.parse("w"), Owner.KERNEL_DATA);
        TreeMap<Long, String> expected = pages(before);
        long allocatedBefore = m.frames().stats().allocated();

        manager.usePagingMode("5-level");
        AddressSpace five = m.kernelSpace().orElseThrow();
        assertEquals("5-level", m.pagingMode());
        assertEquals(expected, pages(five));
        assertTrue(m.mmu().orElseThrow().registers().la57(), "CR4.LA57 set");
        assertEquals(five.cr3(), m.mmu().orElseThrow().registers().cr3());
        assertEquals(five.tableFrames().length, framesOwnedBy(m, Owner.PAGE_TABLES), "the old tables went back");
        assertEquals(allocatedBefore - before.tableFrames().length + five.tableFrames().length, m.frames().stats().allocated());

        manager.usePagingMode("4-level");
        assertEquals(expected, pages(m.kernelSpace().orElseThrow()));
        assertEquals(allocatedBefore, m.frames().stats().allocated(), "same number of tables as the boot built");
        assertTrue(m.events(0).stream().anyMatch(e -> e.message().startsWith("paging 4-level -> 5-level")));
    }

    @Test
    void registerBitsThatAreNotAboutTheModeCarryOver() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        var r = m.mmu().orElseThrow();
        r.setCr0(r.registers().cr0() & ~memwb.api.vmm.ControlRegisters.CR0_WP);
        r.setCr4(r.registers().cr4() | memwb.api.vmm.ControlRegisters.CR4_SMEP);
        manager.usePagingMode("5-level");
        var after = m.mmu().orElseThrow().registers();
        assertTrue(!after.wp() && after.smep() && after.nxe() && after.paging(), after.toString());
    }

    @Test
    void thirtyTwoBitAndPaeSwitchBothWays() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.bootSpec("{\"ram\": \"64M\", \"gdt\": \"flat32\"}", "x.json", Machines.SCENARIOS);
        assertEquals("32-bit", m.pagingMode());
        TreeMap<Long, String> expected = pages(m.kernelSpace().orElseThrow());
        manager.usePagingMode("pae");
        assertEquals("pae", m.pagingMode());
        assertTrue(m.mmu().orElseThrow().registers().pae());
        assertEquals(expected, pages(m.kernelSpace().orElseThrow()));
        manager.usePagingMode("32-bit");
        assertEquals(expected, pages(m.kernelSpace().orElseThrow()));
    }

    @Test
    void aMappingAboveFourGiBCannotGoToThirtyTwoBitPagingAndNothingChanges() {
        var thirtyTwo = new memwb.paging.Paging32();
        String why = PagingSwitch.inexpressible(new Mapping(0xffffffff80000000L, 0x1000000, PAGE, Rights.parse("x"), 1, 0),
                thirtyTwo);
        assertEquals("lies outside the 32-bit linear addresses 32-bit translates", why);
        assertTrue(PagingSwitch.inexpressible(new Mapping(0x400000, 1L << 40, PAGE, Rights.parse("x"), 1, 0), thirtyTwo)
                .startsWith("points above 0xffffffffff"));
        assertEquals(null, PagingSwitch.inexpressible(new Mapping(0xc0000000L, 0x1000000, PAGE, Rights.parse("x"), 1, 0),
                thirtyTwo));

        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        long root = m.kernelSpace().orElseThrow().root();
        long allocated = m.frames().stats().allocated();
        String msg = assertThrows(MachineException.class, () -> manager.usePagingMode("32-bit")).getMessage();
        assertTrue(msg.startsWith("switch to 32-bit paging refused: the mapping 0x"), msg);
        assertEquals("4-level", m.pagingMode());
        assertEquals(root, m.kernelSpace().orElseThrow().root());
        assertEquals(allocated, m.frames().stats().allocated());
    }

    @Test
    void aNoExecuteMappingCannotGoToThirtyTwoBitPaging() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.bootSpec("{\"ram\": \"64M\", \"paging\": {\"mode\": \"pae\"}}", "x.json", Machines.SCENARIOS);
        String msg = assertThrows(MachineException.class, () -> manager.usePagingMode("32-bit")).getMessage();
        assertTrue(msg.contains("no-execute") && msg.contains("execute-disable"), msg);
        assertEquals("pae", m.pagingMode());
    }

    @Test
    void runningOutOfFramesHalfWayGivesEveryNewTableBack() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        AddressSpace space = m.kernelSpace().orElseThrow();
        // Spread 4 KiB mappings over many page tables so the rebuild needs more than a handful of frames.
        for (int i = 0; i < 64; i++) {
            space.map(0xffff900000000000L + i * (2L << 20), 0x5000000 + i * PAGE, PAGE, Rights.parse("w"));
        }
        FrameAllocator frames = m.frames();
        long left = 0;
        while (frames.allocFrame(Owner.KERNEL_DATA) != FrameAllocator.NO_FRAME) {
            left++;
        }
        assertTrue(left > 100);
        // Give back a few: enough for a root and some tables, not for all of them.
        long[] freed = new long[8];
        for (int i = 0; i < freed.length; i++) {
            freed[i] = frames.allocFrame(Owner.KERNEL_DATA); // NO_FRAME: all gone
        }
        assertTrue(Arrays.stream(freed).allMatch(f -> f == FrameAllocator.NO_FRAME));
        var owned = m.frames().exportState().runs().stream()
                .filter(r -> r.state() == FrameState.ALLOCATED && r.owner() == Owner.KERNEL_DATA).findFirst().orElseThrow();
        for (int i = 0; i < 8; i++) {
            frames.freeFrame((owned.firstFrame() + i) * PAGE);
        }
        TreeMap<Long, String> expected = pages(space);
        long root = space.root();
        String msg = assertThrows(MachineException.class, () -> manager.usePagingMode("5-level")).getMessage();
        assertTrue(msg.contains("refused") && msg.contains("nothing changed"), msg);
        assertEquals(8, frames.stats().free(), "every frame the rebuild took came back");
        assertEquals("4-level", m.pagingMode());
        assertEquals(root, m.kernelSpace().orElseThrow().root());
        assertEquals(expected, pages(m.kernelSpace().orElseThrow()));
    }

    @Test
    void switchingToTheModeInUseOrAnUnknownModeIsRefused() {
        MachineManager manager = Machines.manager();
        manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        assertTrue(assertThrows(MachineException.class, () -> manager.usePagingMode("4-level")).getMessage()
                .contains("already uses 4-level"));
        String msg = assertThrows(MachineException.class, () -> manager.usePagingMode("6-level")).getMessage();
        assertTrue(msg.contains("no paging mode named \"6-level\"") && msg.contains("5-level"), msg);
        assertNotEquals(null, manager.current().orElseThrow().kernelSpace().orElseThrow());
    }
}
