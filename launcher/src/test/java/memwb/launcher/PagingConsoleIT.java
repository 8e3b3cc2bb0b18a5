package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paging console of issue 4, through Gogo in the assembled distribution. */
class PagingConsoleIT extends ConsoleSession {
    @BeforeEach
    void boot() {
        launcher.execute("boot " + QEMU_128M);
    }

    @Test
    void theKernelIsAtMinus2GiBAndItsTextIsReadOnlyForTheKernel() {
        assertTrue(launcher.execute("info machine").contains("paging: 4-level, kernel at 0xffffffff80000000"));
        assertTrue(launcher.execute("translate 0xffffffff80000010 x").startsWith("0xffffffff80000010 -> 0x1000010"));
        String write = launcher.execute("translate 0xffffffff80000000 w kernel");
        assertTrue(write.contains("#PF: supervisor write access in kernel mode"), write);
        assertTrue(write.contains("#PF: error_code(0x0003) - permissions violation"), write);
        assertTrue(launcher.execute("translate 0 r").contains("BUG: kernel NULL pointer dereference"));
        assertTrue(launcher.execute("translate 0x8000000000000000").contains("general protection fault"));
    }

    @Test
    void mapTranslateProtectUnmapAndTheirRefusals() {
        assertEquals("mapped 0x400000-0x400fff -> 0x200000 urwx\n", launcher.execute("map 0x400000 0x200000 0x1000 wxu"));
        assertTrue(launcher.execute("translate 0x400010 w user").startsWith("0x400010 -> 0x200010"));
        assertTrue(failure("map 0x400000 0x300000 0x1000 w").contains("0x400000"), "mapping over a mapping is refused");
        assertTrue(failure("map 0x401001 0x300000 0x1000 w").contains("0x401001"), "misaligned VA");
        assertTrue(failure("map 0x402000 0x300000 0x1001 w").contains("0x1001"), "length not a page multiple");
        assertTrue(failure("map 0x0000800000000000 0x300000 0x1000 w").toLowerCase().contains("canonical"));
        assertTrue(failure("map 0x402000 0x300000 0x1000 wz").contains("unknown right 'z'"));
        launcher.execute("protect 0x400000 0x1000 u");
        assertTrue(launcher.execute("translate 0x400000 w user").contains("#PF: user write access in user mode"));
        launcher.execute("unmap 0x400000 0x1000");
        assertTrue(launcher.execute("translate 0x400000").contains("not-present page"));
        assertTrue(failure("unmap 0x400000 0x1000").contains("0x400000"), "unmapping what is not mapped");
    }

    @Test
    void aStaleTlbEntryGoesOnTranslatingUntilInvlpg() {
        launcher.execute("map 0x500000 0x200000 0x1000 w");
        assertTrue(launcher.execute("translate 0x500000 r").contains("-> 0x200000"));
        // A kernel that rewrites a PTE and forgets INVLPG: real x86 keeps the old translation.
        launcher.execute("map 0x500000 0x300000 0x1000 w overwrite,noflush");
        String stale = launcher.execute("translate 0x500000 r");
        assertTrue(stale.contains("-> 0x200000") && stale.contains("TLB hit"), stale);
        String walk = launcher.execute("walk 0x500000");
        assertTrue(walk.contains("=> 0x500000 -> 0x300000") && walk.contains("stale TLB entry"), walk);
        assertTrue(launcher.execute("info cache").contains("TLB: 4 KiB 64 entries 4-way"));
        launcher.execute("invlpg 0x500000");
        assertTrue(launcher.execute("translate 0x500000 r").contains("-> 0x300000"));
        assertTrue(launcher.execute("info events 5").contains("INVLPG 0x500000"));
    }

    @Test
    void qemuListingsAndRegisters() {
        String tlb = launcher.execute("info tlb");
        assertTrue(tlb.contains("ffffffff80000000: 0000000001000000 -G-------"), tlb);
        String mem = launcher.execute("info mem");
        assertTrue(mem.contains("ffffffff80000000-ffffffff80140000 0000000000140000 -r-"), "text and rodata: " + mem);
        assertTrue(launcher.execute("info mem -v").contains("x"), "the verbose listing shows execute rights");
        String regs = launcher.execute("info registers");
        assertTrue(regs.matches("(?s)GDT=     [0-9a-f]{16} 00000037\\nCR0=80010011 CR2=0{16} CR3=[0-9a-f]{16} CR4=000000a0\\nEFER=0000000000000d00\\n.*"), regs);
    }

    @Test
    void xReadsThroughTranslationAndPrintsTheFault() {
        launcher.execute("map 0x600000 0x2000000 0x1000 w");
        assertEquals("0000000000600000: 0x00000000 0x00000000\n", launcher.execute("x /2xw 0x600000").replaceAll("\\n+$", "\n"));
        String fault = launcher.execute("x /2xw 0x700000");
        assertTrue(fault.contains("#PF: supervisor read access in kernel mode"), fault);
        assertTrue(launcher.execute("cr3").startsWith("CR3=0x"));
    }

    @Test
    void exportWritesAnImageThatBootsBack(@TempDir Path dir) throws Exception {
        launcher.execute("map 0x400000 0x200000 0x1000 wxu");
        String mem = launcher.execute("info mem");
        assertTrue(launcher.execute("export " + dir).contains("qemu.txt"));
        for (String f : List.of("ram.bin", "registers.json", "qemu.txt", "machine.json", "frames.json")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("qemu.txt")).contains("qemu-system-x86_64"));
        assertTrue(launcher.execute("boot --image " + dir).startsWith("booted qemu-128m from the image"));
        assertEquals(mem, launcher.execute("info mem"));
        assertTrue(failure("boot --image " + dir.resolve("missing")).contains("machine.json"));
    }
}
