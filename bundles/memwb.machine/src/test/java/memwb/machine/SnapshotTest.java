package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.machine.MachineException;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.Rights;

/** save FILE / open FILE: a machine round-trips through one file with no byte or translation changed. */
class SnapshotTest {
    @TempDir
    Path dir;

    /** Every installed byte of {@code ram}'s touched chunks, chunk by chunk. */
    static byte[] image(PhysicalMemory ram) {
        byte[] all = new byte[(int) Math.min(ram.limit(), 256L << 20)];
        for (long chunk : ram.touchedChunks()) {
            for (long pa = chunk; pa < chunk + PhysicalMemory.CHUNK_SIZE && pa < all.length; pa += 8) {
                if (ram.isInstalled(pa) && ram.isInstalled(pa + 7)) {
                    long v = ram.read64(pa);
                    for (int i = 0; i < 8; i++) {
                        all[(int) pa + i] = (byte) (v >>> (8 * i));
                    }
                }
            }
        }
        return all;
    }

    private static BootedMachine busyMachine(MachineManager manager) {
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        var space = m.kernelSpace().orElseThrow();
        space.allocPages(0xffffc90000000000L, 5, Rights.parse("w"), Owner.KERNEL_DATA);
        space.map(0xffff900000000000L, 0x4000000, 2L << 20, Rights.parse("wg"));
        m.ram().write64(0x4000010, 0x1122334455667788L);
        m.mmu().orElseThrow().setCr3(space.cr3());
        return m;
    }

    @Test
    void aSavedMachineOpensWithTheSameBytesFramesTranslationsAndRegisters() {
        MachineManager manager = Machines.manager();
        BootedMachine before = busyMachine(manager);
        Path file = dir.resolve("m.memwb");
        manager.save(file);

        BootedMachine after = manager.open(file);
        assertSame(after, manager.current().orElseThrow());
        assertArrayEquals(image(before.ram()), image(after.ram()), "no byte changed");
        assertEquals(before.frames().exportState(), after.frames().exportState());
        assertEquals(PagingSwitchTest.pages(before.kernelSpace().orElseThrow()),
                PagingSwitchTest.pages(after.kernelSpace().orElseThrow()));
        assertEquals(before.mmu().orElseThrow().registers().toString(), after.mmu().orElseThrow().registers().toString());
        assertEquals(before.mmu().orElseThrow().infoTlb(), after.mmu().orElseThrow().infoTlb());
        assertEquals(before.gdt(), after.gdt());
        assertEquals(before.ownedRanges(), after.ownedRanges());
        assertEquals(before.pagingMode(), after.pagingMode());
    }

    @Test
    void aMachineSwitchedToFiveLevelPagingOpensInFiveLevelPaging() {
        MachineManager manager = Machines.manager();
        BootedMachine before = busyMachine(manager);
        manager.usePagingMode("5-level");
        Path file = dir.resolve("five.memwb");
        manager.save(file);
        BootedMachine after = manager.open(file);
        assertEquals("5-level", after.pagingMode());
        assertEquals(PagingSwitchTest.pages(before.kernelSpace().orElseThrow()),
                PagingSwitchTest.pages(after.kernelSpace().orElseThrow()));
        assertArrayEquals(image(before.ram()), image(after.ram()));
    }

    @Test
    void aCorruptOrTruncatedFileLeavesTheCurrentMachineAsItWas() throws IOException {
        MachineManager manager = Machines.manager();
        BootedMachine machine = busyMachine(manager);
        Path file = dir.resolve("m.memwb");
        manager.save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        String msg = assertThrows(MachineException.class, () -> manager.open(file)).getMessage();
        assertTrue(msg.contains(file.toString()) && msg.contains("truncated"), msg);
        assertSame(machine, manager.current().orElseThrow());

        Path missing = dir.resolve("none.memwb");
        assertThrows(MachineException.class, () -> manager.open(missing));
        assertSame(machine, manager.current().orElseThrow());
    }

    @Test
    void savingWithoutAMachineSaysSo() {
        String msg = assertThrows(MachineException.class, () -> Machines.manager().save(dir.resolve("x"))).getMessage();
        assertTrue(msg.contains("no machine is booted"), msg);
    }
}
