package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.api.vmm.Access;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.VmmException;

/** map, unmap, protect, allocPages and user spaces; every bad input refused with nothing changed. */
class AddressSpaceTest {
    private static final long MIB = Rig.MIB;
    private static final Rights RW = Rights.parse("w");
    private static final Rights RWX = Rights.parse("wx");

    /** What must not change when a call is refused: mappings, free frames, and the bytes of every table. */
    private record Snapshot(List<Mapping> mappings, long free, long[] tables, List<byte[]> bytes) {
        static Snapshot of(Rig rig, AddressSpace space) {
            long[] tables = space.tableFrames();
            List<byte[]> bytes = new ArrayList<>();
            for (long t : tables) {
                byte[] b = new byte[4096];
                rig.ram.read(t, b, 0, b.length);
                bytes.add(b);
            }
            return new Snapshot(space.mappings(), rig.free(), tables, bytes);
        }

        void assertSame(Rig rig, AddressSpace space) {
            Snapshot now = of(rig, space);
            assertEquals(mappings, now.mappings, "mappings unchanged");
            assertEquals(free, now.free, "free frames unchanged");
            assertArrayEquals(tables, now.tables, "same table frames");
            for (int i = 0; i < bytes.size(); i++) {
                assertArrayEquals(bytes.get(i), now.bytes.get(i), String.format("table 0x%x unchanged", tables[i]));
            }
        }
    }

    /** Runs {@code call}, expects a VmmException whose message contains {@code text}, and no change. */
    private static VmmException refused(Rig rig, AddressSpace space, String text, Executable call) {
        Snapshot before = Snapshot.of(rig, space);
        VmmException e = assertThrows(VmmException.class, call);
        assertTrue(e.getMessage().contains(text), () -> "message \"" + e.getMessage() + "\" lacks \"" + text + "\"");
        before.assertSame(rig, space);
        return e;
    }

    @Test
    void misalignedVaPaAndLengthAreRefusedNamingTheValue() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        k.map(0x1000000L, 0x400000, 0x1000, RW);
        VmmException e = refused(rig, k, "VA 0x400123 is not 4 KiB aligned", () -> k.map(0x400123, 0x400000, 0x1000, RW));
        assertEquals(0x400123, e.address());
        refused(rig, k, "PA 0x1234 is not 4 KiB aligned", () -> k.map(0x400000, 0x1234, 0x1000, RW));
        refused(rig, k, "length 0x1001 is not a positive multiple of 4 KiB", () -> k.map(0x400000, 0x1000, 0x1001, RW));
        refused(rig, k, "length 0x0 is not a positive", () -> k.unmap(0x400000, 0));
        refused(rig, k, "VA 0x400800 is not 4 KiB aligned", () -> k.protect(0x400800, 0x1000, RW));
    }

    @Test
    void nonCanonicalAddressesAreRefused() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        refused(rig, k, "0x800000000000 is not canonical for 4-level paging",
                () -> k.map(0x0000800000000000L, 0x1000, 0x1000, RW));
        // A range that starts canonical but runs into the hole.
        refused(rig, k, "runs past the end of its half", () -> k.map(0x00007ffffffff000L, 0x1000, 0x2000, RW));
        refused(rig, k, "0x100000000 is beyond the 32-bit linear address space",
                () -> Rig.of("32-bit").kernel.map(0x100000000L, 0x1000, 0x1000, RWX));
        Rig five = Rig.of("5-level");
        five.kernel.map(0x0000800000000000L, 0x400000, 0x1000, RW); // canonical with 57 bits
        assertEquals(0x400000, five.mmu.translate(0x0000800000000000L, Access.READ, Privilege.SUPERVISOR));
    }

    @Test
    void physicalAddressesBeyondTheModesReachAreRefused() {
        Rig rig = Rig.of("32-bit");
        AddressSpace k = rig.kernel;
        // 4 KiB PTEs reach 4 GiB only.
        refused(rig, k, "PA 0x100000000 is beyond 4 GiB, the reach of 32-bit paging's 4 KiB pages",
                () -> k.map(0x400000, 0x100000000L, 0x1000, RWX));
        // Without CR4.PSE there are no 4 MiB pages: even an aligned 4 MiB range above 4 GiB is out of reach.
        rig.mmu.setCr4(rig.regs.cr4() & ~ControlRegisters.CR4_PSE);
        refused(rig, k, "PA 0x100000000 is beyond 4 GiB", () -> k.map(0x400000, 0x100000000L, 0x400000, RWX));
        refused(rig, k, "4 MiB pages need CR4.PSE",
                () -> k.map(0x400000, 0x400000, 0x400000, RWX, MapOptions.DEFAULT.withPageSize(0x400000)));
        // With PSE, PSE-36 4 MiB pages reach 1 TiB.
        rig.mmu.setCr4(rig.regs.cr4() | ControlRegisters.CR4_PSE);
        k.map(0x400000, 0x100000000L, 0x400000, RWX);
        assertEquals(0x100001234L, rig.mmu.translate(0x401234, Access.READ, Privilege.SUPERVISOR));
        refused(rig, k, "PA 0x10000000000 is beyond 1 TiB", () -> k.map(0x800000, 0x10000000000L, 0x400000, RWX));
        // A 4 MiB page above 4 GiB cannot be split into PTEs: a partial unmap is refused and rolled back.
        refused(rig, k, "cannot split the 4 MiB page at 0x400000", () -> k.unmap(0x400000, 0x1000));
        Rig four = Rig.of("4-level");
        refused(four, four.kernel, "PA 0x10000000000000 is beyond 4 PiB",
                () -> four.kernel.map(0x400000, 1L << 52, 0x1000, RW));
    }

    @Test
    void rightsTheModeCannotExpressAreRefused() {
        Rig rig = Rig.of("32-bit");
        refused(rig, rig.kernel, "32-bit paging cannot express", () -> rig.kernel.map(0x400000, 0x400000, 0x1000, RW));
        Rig pae = Rig.of("pae");
        pae.mmu.setEfer(0);
        refused(pae, pae.kernel, "EFER.NXE=0 makes bit 63 reserved", () -> pae.kernel.map(0x400000, 0x400000, 0x1000, RW));
        pae.kernel.map(0x400000, 0x400000, 0x1000, RWX);
    }

    @Test
    void mappingOverAnExistingMappingIsAnErrorUnlessOverwriting() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        k.map(0x1000000L, 0x400000, 0x200000, RW); // one 2 MiB page
        VmmException e = refused(rig, k, "VA 0x1000000 is already mapped (to PA 0x400000, 2 MiB page)",
                () -> k.map(0xfff000L, 0x800000, 0x2000, RW));
        assertEquals(0x1000000L, e.address());
        // Overwriting one 4 KiB page inside the 2 MiB page splits it; the rest keeps its frames.
        k.map(0x1100000L, 0x800000, 0x1000, Rights.parse("u"), MapOptions.DEFAULT.withOverwrite(true));
        assertEquals(0x800000, rig.mmu.translate(0x1100000L, Access.READ, Privilege.USER));
        assertEquals(0x501000, rig.mmu.translate(0x1101000L, Access.WRITE, Privilege.SUPERVISOR));
        assertEquals(512, k.mappings().size());
    }

    @Test
    void unmappingWhatIsNotMappedIsAnErrorNamingTheFirstHole() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        k.map(0x1000000L, 0x400000, 0x2000, RW);
        k.map(0x1003000L, 0x403000, 0x1000, RW);
        VmmException e = refused(rig, k, "VA 0x1002000 is not mapped", () -> k.unmap(0x1000000L, 0x4000));
        assertEquals(0x1002000L, e.address());
        refused(rig, k, "VA 0x1002000 is not mapped", () -> k.protect(0x1001000L, 0x2000, RWX));
        refused(rig, k, "VA 0x2000000 is not mapped", () -> k.unmap(0x2000000L, 0x1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void unmapGivesEmptyTablesBackToTheFrameAllocator(String name) {
        Rig rig = Rig.of(name);
        AddressSpace k = rig.kernel;
        long free = rig.free();
        long va = Rig.kernelVa(rig.mode);
        k.map(va, 0x400000, 0x3000, RWX);
        assertEquals(rig.mode.levels() - 1, free - rig.free(), "one table per level below the root");
        k.unmap(va + 0x1000, 0x1000);
        assertEquals(rig.mode.levels() - 1, free - rig.free(), "the PT still holds two pages");
        k.unmap(va, 0x1000);
        k.unmap(va + 0x2000, 0x1000);
        assertEquals(free, rig.free(), "every table below the root went back");
        assertEquals(1, k.tableFrames().length);
        assertEquals(Owner.PAGE_TABLES, rig.frames.owner(k.root()));
    }

    @Test
    void partOfALargePageCanBeUnmappedOrProtectedAndTheRestKeepsItsFrames() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        long va = 0x40000000L;
        k.map(va, 0x40000000L, 0x40000000L, RW); // one 1 GiB page
        assertEquals(1, k.mappings().size());
        k.unmap(va + 0x200000, 0x1000);
        // 1 GiB -> 511 x 2 MiB + one PT of 511 x 4 KiB.
        assertEquals(511 + 511, k.mappings().size());
        assertTrue(Mmu.isFault(rig.mmu.translate(va + 0x200000, Access.READ, Privilege.SUPERVISOR)));
        assertEquals(0x40201000L, rig.mmu.translate(va + 0x201000, Access.READ, Privilege.SUPERVISOR));
        assertEquals(0x7fffffffL, rig.mmu.translate(va + 0x3fffffffL, Access.READ, Privilege.SUPERVISOR));
        k.protect(va + 0x400000, 0x1000, Rights.parse("u"));
        assertEquals(0x40400000L, rig.mmu.translate(va + 0x400000, Access.READ, Privilege.USER));
        assertTrue(Mmu.isFault(rig.mmu.translate(va + 0x401000, Access.READ, Privilege.USER)));
    }

    @Test
    void forcedPageSizesAreHonouredAndValidated() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        k.map(0x40000000L, 0x40000000L, 0x400000, RW, MapOptions.DEFAULT.withPageSize(0x1000));
        assertEquals(1024, k.mappings().size());
        refused(rig, k, "page size 0x400000 is not one of 4-level paging's (4 KiB, 2 MiB, 1 GiB)",
                () -> k.map(0x80000000L, 0, 0x400000, RW, MapOptions.DEFAULT.withPageSize(0x400000)));
        refused(rig, k, "PA 0x1000 is not 2 MiB aligned",
                () -> k.map(0x80000000L, 0x1000, 0x200000, RW, MapOptions.DEFAULT.withPageSize(0x200000)));
        refused(rig, k, "length 0x201000 is not a multiple of 2 MiB",
                () -> k.map(0x80000000L, 0, 0x201000, RW, MapOptions.DEFAULT.withPageSize(0x200000)));
    }

    @Test
    void outOfFramesInTheMiddleOfALargeMapLeavesNothingBehind() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        k.map(0x40000000L, 0x400000, 0x1000, RW); // PDPT, PD and one PT exist; the PD gets journaled writes
        List<Long> hogged = new ArrayList<>();
        while (rig.free() > 3) {
            hogged.add(rig.frames.allocFrame(Owner.HEAP));
        }
        long free = rig.free();
        // 16 MiB in 4 KiB pages needs 8 more PTs; only 3 frames are left.
        VmmException e = refused(rig, k, "out of frames", () -> k.map(0x40200000L, 0x1000000L, 0x1000000L, RW,
                MapOptions.DEFAULT.withPageSize(0x1000)));
        assertTrue(e.getMessage().contains("nothing changed"), e.getMessage());
        assertEquals(0x40800000L, e.address(), "the VA that needed the fourth page table");
        assertEquals(free, rig.free());
        assertTrue(Mmu.isFault(rig.mmu.translate(0x40200000L, Access.READ, Privilege.SUPERVISOR)));
        // allocPages gives its data frames back too.
        refused(rig, k, "out of frames", () -> k.allocPages(0x40001000L, 10, RW, Owner.HEAP));
        for (long f : hogged) {
            rig.frames.freeFrame(f);
        }
        k.map(0x40200000L, 0x1000000L, 0x1000000L, RW, MapOptions.DEFAULT.withPageSize(0x1000));
        assertEquals(1 + 4096, k.mappings().size());
    }

    @Test
    void allocPagesTakesFramesForTheOwnerAndFreePagesGivesThemBack() {
        Rig rig = Rig.of("4-level");
        AddressSpace k = rig.kernel;
        long free = rig.free();
        long va = 0xffffc90000000000L;
        assertEquals(va, k.allocPages(va, 3, RW, Owner.HEAP));
        List<Mapping> maps = k.mappings();
        assertEquals(3, maps.size());
        for (Mapping m : maps) {
            assertEquals(Owner.HEAP, rig.frames.owner(m.pa()));
        }
        byte[] hello = "hello".getBytes();
        rig.mmu.writeVirtual(va + 0xffe, hello, 0, hello.length, Privilege.SUPERVISOR); // crosses a page
        byte[] back = new byte[5];
        rig.mmu.readVirtual(va + 0xffe, back, 0, 5, Privilege.SUPERVISOR);
        assertArrayEquals(hello, back);
        k.freePages(va, 3);
        assertEquals(free, rig.free());
        assertEquals(0, k.mappings().size());
        refused(rig, k, "VA 0xffffc90000000000 is not mapped", () -> k.freePages(va, 1));
        refused(rig, k, "page count must be positive", () -> k.allocPages(va, 0, RW, Owner.HEAP));
    }

    @Test
    void freePagesRefusesFramesTheAllocatorDidNotHandOut() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0x1000000L, 0x9f000, 0x1000, RW); // the reserved BIOS area
        refused(rig, rig.kernel, "which the frame allocator has RESERVED", () -> rig.kernel.freePages(0x1000000L, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void userSpacesShareTheKernelHalfAndSeeItsLaterChanges(String name) {
        Rig rig = Rig.of(name);
        Rights kr = name.equals("32-bit") ? RWX : RW;
        long kva = Rig.kernelVa(rig.mode);
        rig.kernel.map(kva, 0x400000, 0x1000, kr);
        long free = rig.free();
        AddressSpace user = rig.kernel.createUserSpace();
        assertFalse(user.isKernel());
        assertEquals(rig.kernel.kernelHalfStart(), user.kernelHalfStart());
        user.map(0x400000, 0x800000, 0x1000, Rights.parse("uwx"));
        rig.mmu.setCr3(user.cr3());
        assertEquals(0x400000, rig.mmu.translate(kva, Access.READ, Privilege.SUPERVISOR));
        assertEquals(0x800000, rig.mmu.translate(0x400000, Access.READ, Privilege.USER));
        // A kernel-half region mapped after the user space was made, far enough to need a new top-level table.
        long later = name.equals("32-bit") || name.equals("pae") ? 0xe0000000L : 0xffff888000000000L;
        rig.kernel.map(later, 0x900000, 0x1000, kr);
        assertEquals(0x900000, rig.mmu.translate(later, Access.READ, Privilege.SUPERVISOR));
        rig.kernel.unmap(later, 0x1000);
        assertTrue(Mmu.isFault(rig.mmu.translate(later, Access.READ, Privilege.SUPERVISOR)));
        // The user's lower half is not the kernel's.
        rig.mmu.setCr3(rig.kernel.cr3());
        assertTrue(Mmu.isFault(rig.mmu.translate(0x400000, Access.READ, Privilege.SUPERVISOR)));
        refused(rig, user, "is in the kernel half", () -> user.map(kva + 0x1000, 0x1000, 0x1000, kr));
        refused(rig, rig.kernel, "only the kernel address space", () -> user.createUserSpace());
        user.destroy();
        assertEquals(free, rig.free(), "the user space's root and tables went back");
        assertThrows(VmmException.class, () -> user.map(0x400000, 0x800000, 0x1000, kr));
        assertThrows(VmmException.class, () -> rig.kernel.destroy());
    }

    @Test
    void paeRootIsAPdptOfFourEntriesAndCr3PointsAtIt() {
        Rig rig = Rig.of("pae");
        rig.kernel.map(0xc0000000L, 0x400000, 0x200000, RW);
        assertEquals(rig.kernel.root(), rig.regs.cr3());
        assertEquals(2, rig.kernel.tableFrames().length, "the PDPT and one PD holding the 2 MiB page");
        assertEquals(0x1, rig.mode.readEntry(rig.ram, rig.kernel.root() + 3 * 8) & 0x1e7, "PDPTE 3: only P");
    }

    @Test
    void anAddressSpaceRefusesWorkAfterTheMmuSwitchedMode() {
        Rig rig = Rig.of("4-level");
        rig.mmu.setMode(Rig.mode("5-level"));
        refused(rig, rig.kernel, "rebuild it in the new mode", () -> rig.kernel.map(0x1000, 0x1000, 0x1000, RW));
    }

    @Test
    void attachingToTablesInRamSeesTheirMappings() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0xffffffff80000000L, 0x200000, 0x400000, RW);
        AddressSpace again = new Vmms().attachKernelSpace(rig.mmu, rig.frames, rig.kernel.root());
        assertEquals(rig.kernel.mappings(), again.mappings());
        assertThrows(VmmException.class, () -> new Vmms().attachKernelSpace(rig.mmu, rig.frames, 0x1234));
    }

    @Test
    void aUserSpaceWhoseTablesAreInRamIsTakenBackAndFollowsTheKernelHalfAgain() {
        Rig rig = Rig.of("4-level");
        AddressSpace user = rig.kernel.createUserSpace();
        user.map(0x400000, 0x800000, 0x1000, Rights.parse("uw"));
        long root = user.root();
        // A second kernel space over the same RAM stands for the machine after a snapshot is opened.
        AddressSpace kernel = new Vmms().attachKernelSpace(rig.mmu, rig.frames, rig.kernel.root());
        long free = rig.free();
        AddressSpace again = kernel.attachUserSpace(root);
        assertEquals(free, rig.free(), "nothing allocated");
        assertEquals(user.mappings(), again.mappings());
        kernel.map(0xffff888000000000L, 0x900000, 0x1000, RW);
        rig.mmu.setCr3(again.cr3());
        assertEquals(0x900000, rig.mmu.translate(0xffff888000000000L, Access.READ, Privilege.SUPERVISOR),
                "a later kernel-half table reaches the taken-back space");
        assertEquals(0x800000, rig.mmu.translate(0x400000, Access.READ, Privilege.USER));
        refused(rig, kernel, "already the root of a user space", () -> kernel.attachUserSpace(root));
        refused(rig, kernel, "already the root of the kernel space", () -> kernel.attachUserSpace(kernel.root()));
        refused(rig, kernel, "user space root", () -> kernel.attachUserSpace(root + 8));
        refused(rig, kernel, "only the kernel address space", () -> again.attachUserSpace(0x5000));
    }

    @Test
    void frameAllocatorSwapIsUsedForLaterTables() {
        Rig rig = Rig.of("4-level");
        FrameAllocator other = memwb.pfa.bytemap.BytemapFrameAllocator.create(rig.ram, Rig.KERNEL_PHYS,
                rig.frames.exportState(), null);
        rig.kernel.useFrameAllocator(other);
        long free = other.stats().free();
        rig.kernel.map(0x1000000L, 0x400000, 0x1000, RW);
        assertTrue(other.stats().free() < free);
    }
}
