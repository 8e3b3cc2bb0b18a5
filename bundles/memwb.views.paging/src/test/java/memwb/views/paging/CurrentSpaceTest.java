package memwb.views.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Rights;

/** Page Tables and Virtual Memory follow CR3: they show the current space, named, kernel or user. */
class CurrentSpaceTest {
    private static final long USER_VA = 0x400000;

    private final Rig rig = new Rig();

    CurrentSpaceTest() {
        rig.kernel.map(Rig.KERNEL_VA, Rig.KERNEL_PHYS, 0x1000, Rights.parse("x"));
        rig.user.map(USER_VA, 0x300000, 0x1000, Rights.parse("wu"));
    }

    private boolean maps(VirtualMemorySnapshot s, long va) {
        return s.runs().stream().anyMatch(r -> Long.compareUnsigned(r.start(), va) <= 0 && Long.compareUnsigned(va, r.end()) <= 0);
    }

    @Test
    void theKernelSpaceIsShownByNameWithoutTheUserSpacesPages() {
        VirtualMemorySnapshot vm = VirtualMemorySnapshot.read(rig.machine);
        assertTrue(vm.header().startsWith("space kernel, 4-level paging, root 0x" + Long.toHexString(rig.kernel.root())),
                vm.header());
        assertTrue(maps(vm, Rig.KERNEL_VA));
        assertFalse(maps(vm, USER_VA));
        PageTablesSnapshot pt = PageTablesSnapshot.read(rig.machine, Set.of());
        assertTrue(pt.header().startsWith("space kernel, 4-level paging, CR3=0x"), pt.header());
    }

    @Test
    void afterACr3LoadBothViewsShowTheUserSpaceWithItsOwnHalfAndTheSharedKernelHalf() {
        rig.mmu.setCr3(rig.user.cr3());
        VirtualMemorySnapshot vm = VirtualMemorySnapshot.read(rig.machine);
        assertTrue(vm.header().startsWith("space p1, 4-level paging, root 0x" + Long.toHexString(rig.user.root())),
                vm.header());
        assertTrue(maps(vm, USER_VA) && maps(vm, Rig.KERNEL_VA), "own page and shared kernel page");
        PageTablesSnapshot pt = PageTablesSnapshot.read(rig.machine, Set.of());
        assertTrue(pt.header().contains("PML4 @0x" + Long.toHexString(rig.user.root())), pt.header());
        assertEquals(2, pt.root().size(), "entry 0 (its own) and 511 (the kernel's): " + pt.root());
    }

    @Test
    void aCr3AtNoSpaceIsSaidAndPageTablesStillShowsWhatItPointsAt() {
        rig.mmu.setCr3(0x800000);
        VirtualMemorySnapshot vm = VirtualMemorySnapshot.read(rig.machine);
        assertTrue(vm.header().startsWith("CR3 at no space of this machine (CR3=0x800000)"), vm.header());
        assertTrue(vm.runs().isEmpty());
        PageTablesSnapshot pt = PageTablesSnapshot.read(rig.machine, Set.of());
        assertTrue(pt.header().startsWith("CR3 at no space of this machine, 4-level paging, CR3=0x800000: PML4 @0x800000"),
                pt.header());
    }
}
