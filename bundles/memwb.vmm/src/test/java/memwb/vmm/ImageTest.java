package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.gdt.Gdtr;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.ImageHeader;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.VmmException;
import memwb.ram.SparseMemory;

/** export DIR and its inverse; every corruption of the directory refused with nothing changed. */
class ImageTest {
    private static final Gdtr GDTR = new Gdtr(0x1000, 0x27);
    private final Vmms vmm = new Vmms();

    @TempDir
    Path tmp;

    private Rig exported(Path dir) {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0xffffffff80000000L, Rig.KERNEL_PHYS, 0x200000, Rights.parse("xg"));
        rig.kernel.map(0x400000, 0x800000, 0x3000, Rights.parse("uw"));
        rig.mmu.translate(0x400000, Access.WRITE, Privilege.USER);
        rig.ram.write64(0x3f00000L, 0x1122334455667788L); // data high in RAM
        vmm.exportImage(dir, rig.ram, rig.regs, GDTR, "4-level");
        return rig;
    }

    @Test
    void exportWritesASparseRamImageRegistersAndQemuCommands() throws IOException {
        Path dir = tmp.resolve("img");
        Rig rig = exported(dir);
        Path ram = dir.resolve("ram.bin");
        assertEquals(rig.ram.limit(), Files.size(ram));
        try (RandomAccessFile f = new RandomAccessFile(ram.toFile(), "r")) {
            f.seek(0x3f00000L);
            assertEquals(0x88, f.read(), "little-endian bytes at their physical offset");
            f.seek(rig.kernel.root() + 511 * 8);
            long pml4e = 0;
            for (int b = 0; b < 8; b++) {
                pml4e |= (long) f.read() << (8 * b);
            }
            assertEquals(rig.mode.readEntry(rig.ram, rig.kernel.root() + 511 * 8), pml4e);
        }
        assertEquals(String.format("{%n  \"cr0\": \"0x80010011\",%n  \"cr2\": \"0x0\",%n  \"cr3\": \"0x%x\",%n"
                + "  \"cr4\": \"0xa0\",%n  \"efer\": \"0xd00\",%n  \"gdtr\": {%n    \"base\": \"0x1000\",%n"
                + "    \"limit\": \"0x27\"%n  },%n  \"mode\": \"4-level\"%n}%n", rig.kernel.root()).replace("\r", ""),
                Files.readString(dir.resolve("registers.json")));
        String cr3 = String.format("%016x", Long.reverseBytes(rig.kernel.root()));
        assertEquals(String.format("set architecture i386:x86-64%ntarget remote localhost:1234%n"
                + "maintenance packet P1e=a000000000000000%nmaintenance packet P20=000d000000000000%n"
                + "maintenance packet P1d=%s%nmaintenance packet P1c=0000000000000000%n"
                + "maintenance packet P1b=1100018000000000%nmaintenance flush register-cache%n"
                + "info registers cr0 cr2 cr3 cr4 efer%nmonitor info tlb%nmonitor info mem%ndetach%n", cr3),
                Files.readString(dir.resolve("qemu.gdb")));
        String qemu = Files.readString(dir.resolve("qemu.txt"));
        assertTrue(qemu.contains("\nqemu-system-x86_64 -machine pc -accel tcg -cpu max -m 64M -display none -monitor "
                + "stdio -S -gdb tcp::1234 -device loader,file=ram.bin,addr=0,force-raw=on\n"), qemu);
        assertTrue(qemu.contains("\ngdb -batch -x qemu.gdb\n"), qemu);
        assertTrue(qemu.contains("GDTR (base 0x1000, limit 0x27)"), qemu);
    }

    @Test
    void ramImageIsSparseOnDisk() throws IOException, InterruptedException {
        Path dir = tmp.resolve("img");
        exported(dir);
        Process du;
        try {
            du = new ProcessBuilder("du", "-B1", dir.resolve("ram.bin").toString()).start();
        } catch (IOException e) {
            Assumptions.abort("no du on this machine");
            return;
        }
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(du.waitFor() == 0, "du failed");
        long allocated = Long.parseLong(out.split("\\s+")[0]);
        assertTrue(allocated < 2 * 1024 * 1024, "64 MiB image, " + allocated + " bytes on disk");
    }

    @Test
    void importRestoresRamAndRegistersSoQemuListingsMatch() {
        Path dir = tmp.resolve("img");
        Rig rig = exported(dir);
        SparseMemory ram = new SparseMemory(Rig.pcMap(64 * Rig.MIB));
        ram.write64(0x500000, -1L); // stale data where the image has zeros must go
        ControlRegisters regs = new ControlRegisters();
        ImageHeader h = vmm.importImage(dir, ram, regs);
        assertEquals("4-level", h.mode());
        assertEquals(GDTR, h.gdtr());
        assertEquals(0, ram.read64(0x500000));
        assertEquals(rig.regs.cr3(), regs.cr3());
        assertEquals(rig.regs.cr0(), regs.cr0());
        assertEquals(rig.regs.efer(), regs.efer());
        byte[] a = new byte[PhysicalMemory.CHUNK_SIZE];
        byte[] b = new byte[PhysicalMemory.CHUNK_SIZE];
        for (long chunk : rig.ram.touchedChunks()) {
            if (chunk >= 0x9f000 && chunk < 0x100000) {
                continue;
            }
            int n = (int) Math.min(a.length, rig.ram.limit() - chunk);
            rig.ram.read(chunk, a, 0, n);
            ram.read(chunk, b, 0, n);
            assertArrayEquals(a, b, String.format("chunk 0x%x", chunk));
        }
        Mmu mmu = vmm.createMmu(ram, Rig.mode("4-level"), regs, TlbConfig.DEFAULT);
        assertEquals(rig.mmu.infoTlb(), mmu.infoTlb());
        assertEquals(rig.mmu.infoMem(), mmu.infoMem());
        assertEquals(0x800000, mmu.translate(0x400000, Access.READ, Privilege.USER));
    }

    /** Exports, damages the copy with {@code damage}, and expects the import to refuse it changing nothing. */
    private void refused(String text, Consumer<Path> damage) {
        Path dir = tmp.resolve("bad" + System.nanoTime());
        exported(dir);
        damage.accept(dir);
        SparseMemory ram = new SparseMemory(Rig.pcMap(64 * Rig.MIB));
        ram.write64(0x500000, 42);
        ControlRegisters regs = ControlRegisters.forMode("pae");
        ControlRegisters before = regs.copy();
        long version = ram.version();
        VmmException e = assertThrows(VmmException.class, () -> vmm.importImage(dir, ram, regs));
        assertTrue(e.getMessage().contains(text), () -> "message \"" + e.getMessage() + "\" lacks \"" + text + "\"");
        assertEquals(version, ram.version(), "RAM untouched");
        assertEquals(42, ram.read64(0x500000));
        assertEquals(before, regs, "registers untouched");
    }

    private static void rewriteJson(Path dir, String from, String to) {
        try {
            Path json = dir.resolve("registers.json");
            String text = Files.readString(json);
            assertTrue(text.contains(from), text);
            Files.writeString(json, text.replace(from, to));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void corruptDirectoriesAreRefusedNamingFileAndFieldAndChangeNothing() {
        refused("registers.json: missing", d -> delete(d.resolve("registers.json")));
        refused("ram.bin: missing", d -> delete(d.resolve("ram.bin")));
        refused("registers.json: not valid JSON", d -> rewriteJson(d, "\"mode\"", "mode"));
        refused("registers.json: field \"cr3\" is missing", d -> rewriteJson(d, "\"cr3\"", "\"cr9\""));
        refused("registers.json: field \"cr4\" is 160, not a hex string", d -> rewriteJson(d, "\"0xa0\"", "160"));
        refused("field \"gdtr.limit\" is missing", d -> rewriteJson(d, "\"limit\"", "\"size\""));
        refused("field \"mode\" is \"pae\" but cr0, cr4 and efer select 4-level paging",
                d -> rewriteJson(d, "\"4-level\"", "\"pae\""));
        refused("ram.bin: 0x3fff000 bytes, but an image of this machine is 0x4000000 bytes (up to the end of usable RAM)",
                d -> truncate(d, 0x3fff000L));
        refused("field \"cr3\" is 0x8000000, whose root table at 0x8000000 is outside installed RAM",
                d -> rewriteJson(d, "\"cr3\": \"0x", "\"cr3\": \"0x8000000\", \"old\": \"0x"));
        refused("byte 0x5a at 0x3000010 lies in a hole of the memory map", d -> poke(d, Rig.HOLE + 0x10, 0x5a));
    }

    @Test
    void aFileIsNotAnImageDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("x"), "x");
        VmmException e = assertThrows(VmmException.class, () -> vmm.readImageHeader(file));
        assertTrue(e.getMessage().endsWith("x: not a directory"), e.getMessage());
    }

    @Test
    void exportRefusesAModeTheRegistersDoNotSelect() {
        Rig rig = Rig.of("pae");
        VmmException e = assertThrows(VmmException.class,
                () -> vmm.exportImage(tmp.resolve("p"), rig.ram, rig.regs, GDTR, "4-level"));
        assertTrue(e.getMessage().contains("registers, which select pae paging"), e.getMessage());
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void truncate(Path dir, long size) {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("ram.bin").toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void poke(Path dir, long at, int value) {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("ram.bin").toFile(), "rw")) {
            f.seek(at);
            f.write(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
