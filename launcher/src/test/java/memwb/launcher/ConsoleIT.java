package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console commands of the core issue, run through Gogo in the assembled distribution as a user
 * types them: boot, info map/gdt/frames, palloc, pfree, xp; every bad input refused and named.
 */
class ConsoleIT extends ConsoleSession {
    @BeforeAll
    void bootQemu128m() {
        launcher.execute("boot " + QEMU_128M);
    }

    @Test
    void infoMapPrintsLinuxE820LinesAndTheOverlay() {
        String out = launcher.execute("info map");
        assertTrue(out.startsWith("BIOS-provided physical RAM map:\n"
                + "BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable\n"), out);
        assertTrue(out.contains("BIOS-e820: [mem 0x0000000000100000-0x0000000007fdffff] usable"), out);
        assertTrue(out.contains("BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved"), out);
        assertTrue(out.contains("[mem 0x0000000001000000-0x00000000010fffff] kernel image       kernel .text r-x"), out);
        assertTrue(out.contains("allocator metadata"), out);
    }

    @Test
    void infoGdtPrintsBochsFormatDecodedFromRam() {
        String out = launcher.execute("info gdt");
        assertTrue(out.startsWith("gdt (base=0x"), out);
        assertTrue(out.contains("gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 64-bit"), out);
    }

    @Test
    void pallocAndPfreeFollowTheNotesAndRefuseBadFrees() {
        String first = launcher.execute("palloc").trim();
        assertTrue(first.matches("0x[0-9a-f]{16}"), first);
        long pa = Long.parseUnsignedLong(first.substring(2), 16);
        assertEquals("freed " + first + "\n", launcher.execute("pfree " + first));

        String twice = failure("pfree " + first);
        assertTrue(twice.contains("command 'pfree " + first + "' failed") && twice.contains(String.format("0x%x", pa))
                && twice.toLowerCase().contains("double free"), twice);
        String reserved = failure("pfree 0x1000000");
        assertTrue(reserved.contains("0x1000000") && reserved.contains("reserved"), reserved);
        String misaligned = failure("pfree 0x1234");
        assertTrue(misaligned.contains("0x1234") && misaligned.contains("aligned"), misaligned);
        String notANumber = failure("pfree banana");
        assertTrue(notANumber.contains("\"banana\" is not a number"), notANumber);

        String run = launcher.execute("palloc 512 0x200000");
        assertTrue(run.matches("0x[0-9a-f]{16}-0x[0-9a-f]{16} \\(512 frames\\)\\n"), run);
        long runStart = Long.parseUnsignedLong(run.substring(2, 18), 16);
        assertEquals(0, runStart % 0x200000, "2 MiB aligned: " + run);
        assertEquals(runStart + 0x200000 - 1, Long.parseUnsignedLong(run.substring(21, 37), 16), run);
        assertTrue(launcher.execute("info frames").contains("kernel data"));
    }

    @Test
    void outOfFramesIsAClearResultAndNothingIsAllocated() {
        String before = launcher.execute("info frames").lines().filter(l -> l.startsWith("frames:")).findFirst().orElseThrow();
        String msg = failure("palloc 1000000");
        assertTrue(msg.contains("out of frames: 1000000 wanted") && msg.contains("nothing was allocated"), msg);
        String after = launcher.execute("info frames").lines().filter(l -> l.startsWith("frames:")).findFirst().orElseThrow();
        assertEquals(before, after);
    }

    @Test
    void xpDumpsPhysicalMemoryInQemuSyntax() {
        String gdtBase = launcher.execute("info gdt").replaceAll("(?s)^gdt \\(base=(0x[0-9a-f]+).*", "$1");
        String out = launcher.execute("xp /2xg " + gdtBase);
        assertTrue(out.strip().matches("[0-9a-f]{16}: 0x0000000000000000 0x00af9a000000ffff"), out);
        assertTrue(failure("xp /4zw 0").contains("invalid char 'z'"));
    }

    @Test
    void unknownInfoItemsAndBadSpecsAreNamed() {
        assertTrue(failure("info bananas").contains("unknown item \"bananas\""));
        assertTrue(failure("boot /nonexistent/spec.json").contains("/nonexistent/spec.json: no such file"));
        assertTrue(launcher.execute("info machine").startsWith("machine qemu-128m"), "a failed boot keeps the machine");
    }

    @Test
    void theMapSavedInEachFormatBootsBackToTheSameMap(@TempDir Path dir) {
        String original = launcher.execute("info map").split("Workbench overlay:")[0];
        for (String format : List.of("e820", "json", "sysfs")) {
            Path file = dir.resolve("map-" + format);
            assertTrue(launcher.execute("savemap " + file + " " + format).startsWith("wrote 6 regions"));
            launcher.execute("boot " + file);
            assertEquals(original, launcher.execute("info map").split("Workbench overlay:")[0], format);
        }
        assertTrue(failure("savemap " + dir.resolve("x") + " yaml").contains("unknown format \"yaml\""));
        launcher.execute("boot " + QEMU_128M);
    }

    @Test
    void useListsAllocatorsAndSwapsKeepingFrames() {
        String pa = launcher.execute("palloc").trim();
        assertEquals("pfa: bytemap (active: bytemap)\nheap: tlsf, freelist (active: tlsf)\n"
                + "paging: 32-bit, 4-level, 5-level, pae (active: 4-level)\n", launcher.execute("use"));
        assertEquals("frame allocator is now bytemap\n", launcher.execute("use pfa bytemap"));
        assertEquals("freed " + pa + "\n", launcher.execute("pfree " + pa), "the frame survived the swap");
        assertTrue(failure("use pfa buddy").contains("no frame allocator named \"buddy\"; installed: bytemap"));
        assertTrue(failure("use cache lru").contains("use pfa NAME, use heap NAME, use paging MODE"));
    }
}
