package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;


/**
 * Boots qemu-128m in the workbench under X (Xvfb is enough) and checks the Page Tables, Address
 * Translation and Virtual Memory views against the console's own walk and info mem: the tree's root
 * shows the kernel's PML4 entries with the raw values in RAM, typing an address shows the walk with
 * the same tables and the physical result, bad input shows the error naming it. Saves a screenshot
 * of each view under target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagingViewsIT {
    static final String KERNEL_VA = "0xffffffff80000000";
    @RegisterExtension
    static final Gui gui = Gui.withDriver("PagingViewsIT");

    @Test
    @Order(1)
    void thePageTablesRootShowsTheKernelsPml4EntriesAsRamHoldsThem() throws IOException {
        Matcher pml4 = walkLine(gui.launcher.execute("walk " + KERNEL_VA), "PML4");
        String raw = pml4.group(5);
        gui.launcher.execute("ui:show memwb.view.pagetables");
        String dump = gui.await("ui:dump memwb.view.pagetables", s -> s.contains("PML4[511]"));
        assertTrue(dump.lines().anyMatch(l -> l.startsWith("PML4[511]\t0xffffff8000000000-0xffffffffffffffff\t0x" + raw
                + "\t")), "no PML4[511] row with raw 0x" + raw + " in\n" + dump);

        gui.drive("expand pagetables.tree PML4[511]");
        gui.await("ui:dump memwb.view.pagetables", s -> s.contains("  PDPT[510]\t0xffffffff80000000-"));
        gui.drive("expand pagetables.tree PDPT[510]");
        dump = gui.await("ui:dump memwb.view.pagetables", s -> s.contains("    PD[0]\t0xffffffff80000000-"));
        gui.drive("expand pagetables.tree PD[0]");
        dump = gui.await("ui:dump memwb.view.pagetables", s -> s.contains("      PT[0]\t0xffffffff80000000-"));
        Matcher pte = walkLine(gui.launcher.execute("walk " + KERNEL_VA), "PT");
        assertTrue(dump.lines().anyMatch(l -> l.startsWith("      PT[0]\t0xffffffff80000000-0xffffffff80000fff\t0x"
                + pte.group(5) + "\t") && l.endsWith("frame 0x1000000 (4 KiB)")), dump);
        gui.screenshot("paging-pagetables.png");
    }

    @Test
    @Order(2)
    void typingAnAddressShowsTheWalkWithTheConsolesTablesAndThePhysicalResult() throws IOException {
        String walk = gui.launcher.execute("walk " + KERNEL_VA);
        gui.launcher.execute("ui:show memwb.view.translation");
        gui.drive("select translation.access 0");
        gui.drive("type translation.address " + KERNEL_VA);
        String outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("=> physical"));
        assertTrue(outcome.contains("=> physical 0x1000000 (4 KiB page, rights -r-xg)"), outcome);
        assertTrue(outcome.contains("supervisor read access to 0xffffffff80000000 (4-level"), outcome);
        String dump = gui.launcher.execute("ui:dump memwb.view.translation");
        List<String> rows = dump.lines().toList();
        assertEquals(4, rows.size(), dump);
        String[] levels = { "PML4", "PDPT", "PD", "PT" };
        for (int i = 0; i < levels.length; i++) {
            Matcher m = walkLine(walk, levels[i]);
            String[] cells = rows.get(i).split("\t");
            assertEquals(levels[i], cells[0], rows.get(i));
            assertEquals("0x" + m.group(2), cells[1], "table of " + levels[i]);
            assertEquals(m.group(3), cells[2], "index at " + levels[i]);
            assertEquals("0x" + m.group(4), cells[3], "entry address at " + levels[i]);
        }
        gui.drive("type translation.address " + KERNEL_VA);
        outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("TLB hit"));
        assertTrue(outcome.contains("=> physical 0x1000000"), outcome);

        gui.drive("select translation.access 1");
        gui.drive("type translation.address " + KERNEL_VA);
        outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("#PF"));
        assertTrue(outcome.contains("#PF: supervisor write access in kernel mode"), outcome);
        assertTrue(outcome.contains("#PF: error_code(0x0003) - permissions violation"), outcome);
        gui.drive("select translation.access 0");
        gui.drive("type translation.address " + KERNEL_VA);
        gui.awaitDrive("text translation.outcome", s -> s.contains("=> physical 0x1000000"));
        gui.screenshot("paging-translation.png");
    }

    @Test
    @Order(3)
    void aBadAddressShowsTheErrorNamingIt() throws IOException {
        gui.launcher.execute("ui:show memwb.view.translation");
        gui.drive("type translation.address 0xzz");
        String outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("0xzz"));
        assertEquals("address: \"0xzz\" is not a number (use 0x1000, 4096, 128M or 4G)", outcome);
        assertEquals("", gui.launcher.execute("ui:dump memwb.view.translation").strip(), "no walk rows for bad input");
        gui.drive("type translation.address 0x800000000000");
        outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("canonical"));
        assertEquals("address 0x800000000000 is not canonical in 4-level paging (bits 63:47 must all equal bit 47)",
                outcome);
        gui.screenshot("paging-translation-error.png");
    }

    @Test
    @Order(4)
    void virtualMemoryListsTheKernelSectionsAsInfoMemDoes() throws IOException {
        String infoMem = gui.launcher.execute("info mem");
        gui.launcher.execute("ui:show memwb.view.virtualmemory");
        String dump = gui.await("ui:dump memwb.view.virtualmemory", s -> s.contains("0xffffffff80000000"));
        assertTrue(dump.lines().anyMatch(l -> l.startsWith("0xffffffff80000000\t0xffffffff80100000\t1 MiB\t-r-x\t0x1000000\t256")),
                "kernel .text row missing in\n" + dump);
        // Every run's start appears in QEMU's listing too (it merges by u/w only, so it may have fewer lines).
        Set<String> starts = new HashSet<>();
        for (String line : infoMem.lines().toList()) {
            if (line.matches("^[0-9a-f]{16}-.*")) {
                starts.add(line.substring(0, 16));
            }
        }
        assertTrue(starts.contains("ffffffff80000000"), infoMem);
        gui.screenshot("paging-virtualmemory.png");
    }

    @Test
    @Order(5)
    void aRemapWithoutInvlpgIsShownAsAStaleTlbEntry() throws IOException {
        gui.launcher.execute("map 0x400000 0x200000 0x1000 wu");
        gui.launcher.execute("translate 0x400000 r u");
        gui.launcher.execute("map 0x400000 0x300000 0x1000 wu overwrite,noflush");
        gui.launcher.execute("ui:show memwb.view.translation");
        gui.drive("select translation.access 0");
        gui.drive("select translation.privilege 0");
        gui.drive("type translation.address 0x400000");
        String outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("user read access to 0x400000"));
        assertTrue(outcome.contains("stale TLB entry: it maps 0x400000 -> 0x200000 (4 KiB page, rights urw-) but the "
                + "tables say: 0x400000 -> 0x300000"), outcome);
        assertTrue(outcome.contains("=> physical 0x200000"), "the CPU still uses the stale entry:\n" + outcome);
        gui.screenshot("paging-translation-stale.png");
        gui.launcher.execute("invlpg 0x400000");
        gui.drive("type translation.address 0x400000");
        outcome = gui.awaitDrive("text translation.outcome", s -> s.contains("=> physical 0x300000"));
        assertTrue(!outcome.contains("stale"), outcome);
        gui.drive("select translation.privilege 1");
    }

    @Test
    @Order(6)
    void aGibibyteMappedIn4KiBPagesOpensOneTableAtATime() throws IOException {
        long t0 = System.nanoTime();
        gui.launcher.execute("map 0x40000000 0x0 0x40000000 w 4k");
        long mapMillis = (System.nanoTime() - t0) / 1_000_000;
        gui.launcher.execute("ui:show memwb.view.pagetables");
        long t1 = System.nanoTime();
        gui.await("ui:dump memwb.view.pagetables", s -> s.contains("PDPT[1]\t0x40000000-0x7fffffff") || s.contains("PML4[0]"));
        gui.drive("expand pagetables.tree PML4[0]");
        gui.await("ui:dump memwb.view.pagetables", s -> s.contains("  PDPT[1]\t0x40000000-0x7fffffff"));
        long t2 = System.nanoTime();
        gui.drive("expand pagetables.tree PDPT[1]");
        String dump = gui.await("ui:dump memwb.view.pagetables", s -> s.contains("    PD[511]\t0x7fe00000-0x7fffffff"));
        long t3 = System.nanoTime();
        assertEquals(512, dump.lines().filter(l -> l.matches("^    PD\\[\\d+\\]\t0x[4-7][0-9a-f]{7}-.*")).count(),
                "one PDE per 2 MiB of the GiB, each a table:\n" + dump);
        gui.drive("expand pagetables.tree PD[511]");
        dump = gui.await("ui:dump memwb.view.pagetables", s -> s.contains("      PT[511]\t0x7ffff000-0x7fffffff"));
        long t4 = System.nanoTime();
        String status = gui.await("ui:window", w -> w.contains("status Page Tables: PT @0x"));
        assertTrue(dump.contains("frame 0x3ffff000 (4 KiB)"), "the last page maps the last frame of the GiB");
        System.out.printf("[PagingViewsIT] 1 GiB in 4 KiB pages: map %d ms; in the view (each including the test's"
                + " 50 ms poll): PML4 %d ms, 512 PDEs %d ms, 512 PTEs %d ms%n", mapMillis, (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        System.out.println("[PagingViewsIT] the view's own figure: " + status.lines().filter(l -> l.startsWith("status"))
                .findFirst().orElse(""));
        assertTrue((t3 - t2) / 1_000_000 < 2_000 && (t4 - t3) / 1_000_000 < 2_000, "opening a table took seconds");
        gui.screenshot("paging-pagetables-1gib.png");
    }

    @Test
    @Order(7)
    void theViewsFollowCr3IntoAUserSpaceChosenInTheToolbarAndBack() throws IOException {
        gui.launcher.execute("space new p1");
        // The toolbar's Space chooser lists the new process; choosing it loads CR3, as `space use p1` does.
        gui.await("ui:toolbar", t -> t.contains("space kernel* p1"));
        gui.launcher.execute("ui:choose space p1");
        gui.await("ui:toolbar", t -> t.contains("space kernel p1*") && !t.contains("(swapping)"));
        String spaces = gui.launcher.execute("space");
        assertTrue(spaces.lines().anyMatch(l -> l.startsWith("* p1 ")), "the console sees the switch too:\n" + spaces);
        gui.launcher.execute("map 0x10000000 0x200000 0x1000 wu");
        gui.launcher.execute("ui:show memwb.view.virtualmemory");
        String dump = gui.await("ui:dump memwb.view.virtualmemory", s -> s.contains("0x0000000010000000"));
        assertTrue(dump.contains("0xffffffff80000000"), "the shared kernel half is in p1 too:\n" + dump);
        assertTrue(gui.awaitDrive("text virtualmemory.header", s -> s.startsWith("space p1,")).startsWith("space p1, 4-level"));
        gui.launcher.execute("ui:show memwb.view.pagetables");
        assertTrue(gui.awaitDrive("text pagetables.header", s -> s.startsWith("space p1,")).contains("CR3=0x"));
        gui.screenshot("paging-user-space.png");
        gui.launcher.execute("space use kernel");
        gui.launcher.execute("ui:show memwb.view.virtualmemory");
        dump = gui.await("ui:dump memwb.view.virtualmemory", s -> !s.contains("0x0000000010000000"));
        assertTrue(dump.contains("0xffffffff80000000"), dump);
        gui.awaitDrive("text virtualmemory.header", s -> s.startsWith("space kernel,"));
    }

    /** The console's walk line for {@code level}: groups table, index, entry address, raw entry. */
    private static Matcher walkLine(String walk, String level) {
        Matcher m = Pattern.compile("^\\s+(" + level + ")\\s+table 0x([0-9a-f]+) \\[(\\d+)\\] @0x([0-9a-f]+) = 0x([0-9a-f]+)",
                Pattern.MULTILINE).matcher(walk);
        assertTrue(m.find(), "no " + level + " line in\n" + walk);
        return m;
    }

    /**
     * Runs inside the framework (packed alone into a bundle by {@link Gui}): finds a view's widget by
     * its "memwb.name" data and acts on it on the UI thread as a user would: types text and presses
     * Enter, picks a combo item, expands a tree row, reads a text or label, scrolls a table near its
     * bottom ("bottom", answering the top row's address) or reads its first and top rows' addresses
     * ("window").
     */
    public static final class Driver implements BundleActivator, Function<String, String> {
        private static final String NAME = "memwb.name";

        @Override
        public void start(BundleContext context) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("memwb.test", "view-driver");
            context.registerService(Function.class, this, props);
        }

        @Override
        public void stop(BundleContext context) {
        }

        @Override
        public String apply(String command) {
            String[] parts = command.split(" ", 3);
            Display display = Display.getDefault();
            String[] out = new String[1];
            RuntimeException[] failed = new RuntimeException[1];
            display.syncExec(() -> {
                try {
                    out[0] = run(display, parts[0], parts[1], parts.length > 2 ? parts[2] : "");
                } catch (RuntimeException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            return out[0];
        }

        private static String run(Display display, String verb, String name, String arg) {
            Control c = find(display, name);
            switch (verb) {
                case "type" -> {
                    Text t = (Text) c;
                    t.setText(arg);
                    t.notifyListeners(SWT.DefaultSelection, new Event());
                    return "typed";
                }
                case "select" -> {
                    ((Combo) c).select(Integer.parseInt(arg));
                    return ((Combo) c).getText();
                }
                case "text" -> {
                    return c instanceof Text t ? t.getText() : ((Label) c).getText();
                }
                case "bottom" -> {
                    // Half a screenful above the last row: near the end, yet no clamping (GTK clamps only after layout).
                    Table table = (Table) c;
                    int screen = Math.max(1, (table.getClientArea().height - table.getHeaderHeight()) / table.getItemHeight());
                    table.setTopIndex(table.getItemCount() - screen - screen / 2);
                    return address(table, table.getTopIndex());
                }
                case "window" -> {
                    Table table = (Table) c;
                    return address(table, 0) + " " + address(table, table.getTopIndex());
                }
                case "expand" -> {
                    TreeItem item = findItem(((Tree) c).getItems(), arg);
                    if (item == null) {
                        throw new IllegalStateException("no visible row " + arg + " in " + name);
                    }
                    Event e = new Event();
                    e.item = item;
                    c.notifyListeners(SWT.Expand, e);
                    item.setExpanded(true);
                    return item.getText();
                }
                default -> throw new IllegalArgumentException("unknown driver verb " + verb);
            }
        }

        /** The address in row {@code row}'s first column, leading zeros dropped (0x0000000000050000 -> 0x50000). */
        private static String address(Table table, int row) {
            return table.getItem(row).getText(0).replaceFirst("^0x0*(?=.)", "0x");
        }

        private static Control find(Display display, String name) {
            List<Control> found = new ArrayList<>();
            for (Shell s : display.getShells()) {
                collect(s, name, found);
            }
            if (found.isEmpty()) {
                throw new IllegalStateException("no widget named " + name + " (is its view open?)");
            }
            return found.get(0);
        }

        private static void collect(Control c, String name, List<Control> found) {
            if (name.equals(c.getData(NAME))) {
                found.add(c);
            }
            if (c instanceof Composite comp) {
                for (Control child : comp.getChildren()) {
                    collect(child, name, found);
                }
            }
        }

        private static TreeItem findItem(TreeItem[] items, String text) {
            for (TreeItem i : items) {
                if (i.getText().equals(text)) {
                    return i;
                }
                if (i.getExpanded()) {
                    TreeItem below = findItem(i.getItems(), text);
                    if (below != null) {
                        return below;
                    }
                }
            }
            return null;
        }
    }
}
