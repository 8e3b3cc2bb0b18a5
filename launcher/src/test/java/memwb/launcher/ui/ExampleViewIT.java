package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample third-party view: its jar, built by the normal build and installed by no feature,
 * dropped into the running workbench's dropins/ appears under Window &gt; Show View and opens showing
 * the TLB of the booted machine.
 */
class ExampleViewIT {
    private static final String ID = "memwb.example.tlbheatmap";
    @RegisterExtension
    static final Gui gui = Gui.withDriver("ExampleViewIT");

    @Test
    void droppingTheExampleJarIntoDropinsAddsTheTlbHeatMapToShowView() throws IOException {
        assertTrue(!gui.launcher.execute("ui:views").contains(ID), "the example is in no feature");
        Path jar = gui.repo.resolve("examples/memwb.example.tlbheatmap/target/memwb.example.tlbheatmap-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.isRegularFile(jar), "build the example first: mvn -o install -pl examples,examples/memwb.example.tlbheatmap");
        Files.copy(jar, gui.storage.resolve("dropins/memwb.example.tlbheatmap.jar"), StandardCopyOption.REPLACE_EXISTING);
        String views = gui.await("ui:views", s -> s.contains(ID));
        assertTrue(views.contains(ID + "\tTLB Heat Map\tclosed"), views);
        gui.launcher.execute("translate 0xffffffff80000000"); // one TLB entry at least
        gui.launcher.execute("ui:menu \"Window/Show View/TLB Heat Map\"");
        gui.await("ui:views", s -> s.contains(ID + "\tTLB Heat Map\topen"));
        gui.screenshot("example-tlbheatmap.png");
    }
}
