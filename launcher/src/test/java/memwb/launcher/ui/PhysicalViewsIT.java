package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;


/**
 * Boots core+ui+extras with a real window under X, boots the shipped qemu-128m scenario and drives
 * the physical-memory views, the console and the toolbar through the ui:* commands: each view shows
 * real content, a clicked frame opens in Hex, a GDT edit changes RAM and a bad one is refused with
 * the reason, the allocator chooser hot-swaps, Step walks a malloc, and every view is screenshotted
 * into target/screenshots. One boot per class (one SWT per JVM; the POM forks per IT class).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhysicalViewsIT {
    private static final double UI_DRAW_BOUND_MILLIS = 100;
    private static final String SCENARIOS = Path.of("../scenarios").toAbsolutePath().normalize().toString();
    private static final String MEMORY_MAP = "memwb.view.memorymap";
    private static final String FRAMES = "memwb.view.frames";
    private static final String HEX = "memwb.view.hex";
    private static final String GDT = "memwb.view.gdt";
    private static final String EVENTS = "memwb.view.events";
    private static final String CONSOLE = "memwb.view.console";
    /** GDT view columns: #, selector, raw bytes, base, limit, type, S, DPL, ... */
    private static final int RAW_COLUMN = 2;
    private static final int DPL_COLUMN = 7;
    private static final Pattern FRAME_STATUS = Pattern.compile("status frame 0x[0-9a-f]+ \\(pa 0x([0-9a-f]+)\\)");
    private static final Pattern REDRAW = Pattern.compile("last redraw\trender ([0-9.]+) ms \\+ draw ([0-9.]+) ms\t(\\d+) frames");

    @RegisterExtension
    static final Gui gui = Gui.window("PhysicalViewsIT", "core", "ui", "extras").booting("qemu-128m.json");

    @Test
    @Order(1)
    void everyPhysicalViewOpensAndShowsTheBootedMachine() throws IOException {
        show(MEMORY_MAP);
        String map = gui.await("ui:dump " + MEMORY_MAP, s -> s.contains("GDT") && s.contains("page tables"));
        assertTrue(map.lines().anyMatch(l -> l.startsWith("0x0000000000000000\t") && l.contains("\tusable\t")), map);
        assertTrue(map.contains("\treserved\t") && map.contains("kernel"), map);

        show(FRAMES);
        String frames = gui.await("ui:dump " + FRAMES, s -> s.contains("last redraw"));
        assertTrue(frames.contains("allocated: page tables\t") && frames.lines().anyMatch(l -> l.startsWith("free\t")), frames);

        show(GDT);
        String gdt = gui.await("ui:dump " + GDT, s -> s.lines().count() >= 5);
        assertTrue(gdt.lines().anyMatch(l -> l.startsWith("1\t0x08\t")), gdt);

        show(EVENTS);
        String events = gui.await("ui:dump " + EVENTS, s -> s.contains("\tpfa.alloc\t"));
        assertTrue(events.contains("heap"), events);

        show(HEX);
        gui.await("ui:dump " + HEX, s -> s.startsWith("0x0000000000000000\t"));

        show(CONSOLE);
        gui.launcher.execute("ui:type " + CONSOLE + " \"info gdt\"");
        String console = gui.await("ui:dump " + CONSOLE, s -> s.contains("gdt[0x0008]") || s.contains("Error"));
        assertTrue(console.startsWith("memwb> info gdt"), console);
        assertTrue(console.contains("gdt[0x0008]=Code segment"), console);
    }

    @Test
    @Order(2)
    void clickingAFrameOpensItInHex() {
        show(FRAMES);
        gui.await("ui:dump " + FRAMES, s -> s.contains("last redraw"));
        gui.launcher.execute("ui:click " + FRAMES + " 60 30");
        String window = gui.await("ui:window", s -> FRAME_STATUS.matcher(s).find());
        Matcher m = FRAME_STATUS.matcher(window);
        assertTrue(m.find());
        long pa = Long.parseUnsignedLong(m.group(1), 16);
        assertEquals(0, pa % 4096, "a frame's address: " + window);
        assertTrue(window.contains("open bottom " + HEX), window);
        String row = String.format("0x%016x\t", pa);
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith(row)));
    }

    @Test
    @Order(2)
    void hexGoesToATypedAddressAndEditsInPlaceRefusingWhatIsNotHex() {
        show(HEX);
        gui.launcher.execute("ui:type " + HEX + " 0x50000");
        int row = 0x50000 / 16; // the window starts at 0 for addresses below half a window
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith("0x0000000000050000\t00\t")));
        gui.launcher.execute("ui:edit " + HEX + " " + row + " 1 zz");
        String refused = gui.await("ui:window", s -> s.contains("status Not written"));
        assertTrue(refused.contains("at 0x50000: \"zz\" is not a byte (one or two hex digits 0-9 a-f)"), refused);
        gui.launcher.execute("ui:edit " + HEX + " " + row + " 2 ab");
        gui.await("ui:window", s -> s.contains("Wrote 1 byte(s) at physical 0x50001"));
        assertTrue(gui.launcher.execute("xp /2xb 0x50000").contains("0x00 0xab"), gui.launcher.execute("xp /2xb 0x50000"));
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith("0x0000000000050000\t00\tab\t")));
    }

    @Test
    @Order(2)
    void scrollingPastTheEndOfTheFirstWindowShowsTheNextRowsInPlaceAndASelectionFillsGoTo() throws IOException {
        gui.installDriver();
        show(HEX);
        gui.launcher.execute("ui:type " + HEX + " 0x50000");
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith("0x0000000000050000\t")));
        assertEquals("0x0", gui.drive("window hex.rows x").split(" ")[0], "the first window starts at 0");
        // To the bottom of the 1 MiB window: the window slides on, the row on top stays on top.
        String top = gui.drive("bottom hex.rows x");
        // The window slides and, once the table has laid the new rows out, the same row is on top.
        String slid = gui.awaitDrive("window hex.rows x", s -> !s.startsWith("0x0 ") && s.split(" ")[1].equals(top));
        assertEquals(top, slid.split(" ")[1], "the top row stays put when the window slides: " + slid);
        // Further down: rows past the first window (0x100000 and on) are shown, read from RAM.
        String beyond = gui.drive("bottom hex.rows x");
        assertTrue(Long.parseUnsignedLong(beyond.substring(2), 16) >= 0x100000, "top row after scrolling on: " + beyond);
        String row = beyond.replace("0x", "0x" + "0".repeat(18 - beyond.length())) + "\t";
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith(row) && l.split("\t").length > 2));
        gui.launcher.execute("ui:screenshot " + gui.screenshots.resolve("hex-scrolled.png"));
        // Another view selects a frame: Go to shows its address.
        show(FRAMES);
        gui.await("ui:dump " + FRAMES, s -> s.contains("last redraw"));
        gui.launcher.execute("ui:click " + FRAMES + " 90 40");
        Matcher m = FRAME_STATUS.matcher(gui.await("ui:window", s -> FRAME_STATUS.matcher(s).find()));
        assertTrue(m.find());
        gui.awaitDrive("text hex.address x", s -> s.equals("0x" + m.group(1)));
    }

    @Test
    @Order(3)
    void editingAGdtFieldWritesRamAndABadValueKeepsTheOldOneWithTheReason() {
        show(GDT);
        gui.await("ui:dump " + GDT, s -> s.lines().count() >= 5);
        String before = gui.launcher.execute("info gdt");
        gui.launcher.execute("ui:edit " + GDT + " 2 " + DPL_COLUMN + " 3");
        String dump = gui.await("ui:dump " + GDT, s -> Gui.cell(s, 2, DPL_COLUMN).equals("3"));
        String raw = Gui.cell(dump, 2, RAW_COLUMN);
        assertEquals("f2", raw.split(" ")[5], "access byte with DPL 3 in RAM: " + raw);
        Matcher base = Pattern.compile("base=0x([0-9a-f]+)").matcher(before);
        assertTrue(base.find(), before);
        long entry2 = Long.parseUnsignedLong(base.group(1), 16) + 2 * 8;
        String bytes = gui.launcher.execute("xp /8xb 0x" + Long.toHexString(entry2));
        assertTrue(bytes.contains("0xf2"), "the access byte in RAM: " + bytes);
        String after = gui.launcher.execute("info gdt");

        gui.launcher.execute("ui:edit " + GDT + " 2 " + DPL_COLUMN + " 7");
        String window = gui.await("ui:window", s -> s.contains("Refused, old value kept"));
        assertTrue(window.contains("GDT entry 2 field DPL: 7 is out of range 0..0x3"), window);
        assertEquals("3", Gui.cell(gui.launcher.execute("ui:dump " + GDT), 2, DPL_COLUMN));
        assertEquals(after, gui.launcher.execute("info gdt"), "a refused edit writes nothing");
    }

    @Test
    @Order(4)
    void choosingAnotherAllocatorInTheToolbarHotSwapsIt() {
        String toolbar = gui.await("ui:toolbar", s -> s.contains("pfa bytemap*") && s.contains("bitmap") && s.contains("buddy"));
        assertTrue(toolbar.contains("heap "), toolbar);
        gui.launcher.execute("ui:choose pfa bitmap");
        gui.await("ui:toolbar", s -> s.contains(" bitmap*") && !s.contains("(swapping)"));
        String frames = gui.launcher.execute("info frames");
        assertTrue(frames.toLowerCase().contains("bitmap"), "the machine now runs the bitmap allocator: " + frames);
        gui.await("ui:dump " + EVENTS, s -> s.contains("frame allocator bytemap -> bitmap"));
    }

    @Test
    @Order(5)
    void stepWalksAMallocThroughTheNotesSixSteps() {
        gui.launcher.execute("ui:step");
        String first;
        try {
            first = gui.await("ui:window", s -> s.contains("status 1/6 malloc(") || s.contains("failed"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ntoolbar:\n" + gui.launcher.execute("ui:toolbar") + "\nheap:\n"
                    + gui.launcher.execute("heap info"), e);
        }
        assertTrue(first.contains("1/6 malloc("), first);
        for (int i = 2; i <= 6; i++) {
            gui.launcher.execute("ui:step");
            String n = i + "/6 ";
            String w = gui.await("ui:window", s -> s.contains("status " + n));
            if (i == 4) {
                assertTrue(w.contains("the PFA found a free frame: bitmap: frame 0x"), w);
            }
        }
        String last = gui.launcher.execute("ui:window");
        Matcher header = Pattern.compile("6/6 malloc carved \\d+ bytes out of the page: header at 0x([0-9a-f]+)").matcher(last);
        assertTrue(header.find(), last);
        // The last step selected the block's header, a virtual address: Hex reads it through the MMU.
        String row = String.format("0x%016x\t", Long.parseUnsignedLong(header.group(1), 16) & -16L);
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith(row) && l.split("\t").length > 2));
    }

    @Test
    @Order(6)
    void screenshotsOfEveryViewAreWrittenAndNotFlat() throws IOException {
        String out = gui.launcher.execute("ui:screenshots " + gui.screenshots);
        for (String id : List.of(MEMORY_MAP, FRAMES, HEX, GDT, EVENTS, CONSOLE)) {
            Path png = gui.screenshots.resolve(id + ".png");
            assertTrue(out.contains("wrote " + png), out);
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(Gui.colours(image) >= Gui.MIN_COLOURS, id + " screenshot is nearly flat");
        }
        // The README's picture: Memory Map, Frames and Hex side by side, a frame clicked.
        for (String id : List.of(MEMORY_MAP, FRAMES, HEX)) {
            show(id);
        }
        gui.launcher.execute("ui:click " + FRAMES + " 2 0"); // a page-table frame, at the top left
        Matcher frame = FRAME_STATUS.matcher(gui.await("ui:window", s -> FRAME_STATUS.matcher(s).find()));
        assertTrue(frame.find());
        String row = String.format("0x%016x\t", Long.parseUnsignedLong(frame.group(1), 16));
        gui.await("ui:dump " + HEX, s -> s.lines().anyMatch(l -> l.startsWith(row) && l.split("\t").length > 2));
        Path overview = gui.screenshots.resolve("workbench.png");
        gui.launcher.execute("ui:screenshot " + overview);
        assertTrue(Gui.colours(ImageIO.read(overview.toFile())) >= Gui.MIN_COLOURS);
    }

    @Test
    @Order(7)
    void framesRedrawsASixGibMachineWithinTheFrameBudget() {
        gui.launcher.execute("boot " + SCENARIOS + "/pc-6g-holes.json");
        show(FRAMES);
        String dump = gui.await("ui:dump " + FRAMES, s -> {
            Matcher m = REDRAW.matcher(s);
            return m.find() && Long.parseLong(m.group(3)) > (1 << 20);
        });
        Matcher m = REDRAW.matcher(dump);
        assertTrue(m.find());
        double render = Double.parseDouble(m.group(1));
        double draw = Double.parseDouble(m.group(2));
        System.out.printf("[PhysicalViewsIT] Frames redraw of %s frames: render %.1f ms (background) + draw %.1f ms (UI thread)%n",
                m.group(3), render, draw);
        // The target is 16 ms; the bound here is looser because this 2-core box runs other builds.
        assertTrue(draw < UI_DRAW_BOUND_MILLIS, "the UI thread's part of a redraw took " + draw + " ms");
        gui.launcher.execute("ui:screenshot " + gui.screenshots.resolve("frames-6g.png"));
    }

    private static void show(String id) {
        gui.launcher.execute("ui:show " + id);
    }
}
