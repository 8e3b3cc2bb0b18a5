package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User address spaces as processes, through Gogo in the assembled distribution: two spaces with the
 * same user VA apart and the kernel half shared; the list; every refusal; and spaces kept by a
 * paging swap, a snapshot and an image.
 */
class SpacesConsoleIT extends ConsoleSession {
    private static final String KERNEL_TEXT = "0xffffffff80000000";

    @BeforeEach
    void twoProcesses() {
        launcher.execute("boot " + QEMU_128M);
        assertTrue(launcher.execute("space new p1").startsWith("space p1: CR3=0x"));
        launcher.execute("space new p2");
        launcher.execute("space use p1");
        assertEquals("mapped 0x400000-0x400fff -> 0x200000 urwx\n", launcher.execute("map 0x400000 0x200000 0x1000 wxu"));
        launcher.execute("space use p2");
    }

    /** The allocated count of info frames' summary line. */
    private long allocatedFrames() {
        String info = launcher.execute("info frames");
        Matcher m = Pattern.compile("frames: \\d+ total, .*?, (\\d+) allocated").matcher(info);
        assertTrue(m.find(), info);
        return Long.parseLong(m.group(1));
    }

    /** The part of a translation that does not depend on the TLB. */
    private String translation(String va) {
        return launcher.execute("translate " + va).replaceAll(", TLB (hit|miss)", "");
    }

    @Test
    void theSameUserAddressIsMappedInOneProcessOnlyAndTheKernelHalfIsTheSameInBoth() {
        String p2 = launcher.execute("translate 0x400000");
        assertTrue(p2.contains("not-present page"), "p2 has no such mapping: " + p2);
        String kernelInP2 = translation(KERNEL_TEXT);
        assertTrue(kernelInP2.startsWith("0xffffffff80000000 -> 0x1000000"), kernelInP2);
        launcher.execute("space use p1");
        assertTrue(launcher.execute("translate 0x400010 w user").startsWith("0x400010 -> 0x200010"));
        assertEquals(kernelInP2, translation(KERNEL_TEXT));
        assertTrue(launcher.execute("cr3").endsWith("(space p1)\n"), launcher.execute("cr3"));
        assertTrue(launcher.execute("info mem").contains("0000000000400000-0000000000401000 0000000000001000 urw"));
        String list = launcher.execute("space");
        assertTrue(list.matches("(?s).*\\n\\* p1 +0x[0-9a-f]{16} +1 +4\\n.*"), list);
        assertTrue(list.matches("(?s).*\\n  p2 +0x[0-9a-f]{16} +0 +1\\n.*"), list);
        assertTrue(list.matches("(?s).*\\n  kernel +0x[0-9a-f]{16} +\\d+ +\\d+\\n.*"), list);
    }

    @Test
    void aKernelHalfMapFromOneProcessIsSeenByTheOther() {
        launcher.execute("map 0xffff900000000000 0x4000000 0x1000 w");
        launcher.execute("space use p1");
        assertTrue(launcher.execute("translate 0xffff900000000000").startsWith("0xffff900000000000 -> 0x4000000"));
        launcher.execute("space use kernel");
        assertTrue(launcher.execute("translate 0xffff900000000000").startsWith("0xffff900000000000 -> 0x4000000"));
    }

    @Test
    void refusalsNameTheProblem() {
        assertTrue(failure("space new p1").contains("a space named \"p1\" exists already"));
        assertTrue(failure("space use p9").contains("no space named \"p9\" (spaces: kernel, p1, p2)"));
        assertTrue(failure("space drop kernel").contains("the kernel space cannot be dropped"));
        assertTrue(failure("space drop p2").contains("it is the current space"));
        assertTrue(failure("space fork p2").contains("unknown verb \"fork\""));
        long before = allocatedFrames();
        launcher.execute("space use kernel");
        assertTrue(launcher.execute("space drop p1").startsWith("dropped space p1"));
        assertEquals(before - 4, allocatedFrames(), "p1's root, PDPT, PD and PT went back");
        assertTrue(!launcher.execute("space").contains(" p1 "));
    }

    @Test
    void aPagingSwapASnapshotAndAnImageKeepBothProcesses(@TempDir Path dir) {
        String list = launcher.execute("space");
        launcher.execute("use paging 5-level");
        assertTrue(launcher.execute("cr3").endsWith("(space p2)\n"), "CR3 stays on p2");
        launcher.execute("space use p1");
        assertTrue(launcher.execute("translate 0x400000").startsWith("0x400000 -> 0x200000"));
        launcher.execute("use paging 4-level");
        launcher.execute("space use p2");
        String pages = list.replaceAll("0x[0-9a-f]{16}", "CR3");
        assertEquals(pages, launcher.execute("space").replaceAll("0x[0-9a-f]{16}", "CR3"), "same pages and tables per space");

        Path file = dir.resolve("procs.memwb");
        launcher.execute("save " + file);
        String saved = launcher.execute("space");
        launcher.execute("boot " + QEMU_128M);
        assertTrue(!launcher.execute("space").contains("p1"));
        launcher.execute("open " + file);
        assertEquals(saved, launcher.execute("space"), "names, CR3s and the current space as saved");
        launcher.execute("space use p1");
        assertTrue(launcher.execute("translate 0x400000").startsWith("0x400000 -> 0x200000"));

        Path image = dir.resolve("img");
        launcher.execute("export " + image);
        assertTrue(Files.exists(image.resolve("spaces.json")));
        launcher.execute("boot --image " + image);
        assertEquals(launcher.execute("space"), saved.replace("* p2", "  p2").replace("  p1 ", "* p1 "));
        assertTrue(launcher.execute("translate 0x400000").startsWith("0x400000 -> 0x200000"));
    }
}
