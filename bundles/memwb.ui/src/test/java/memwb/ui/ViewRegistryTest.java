package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.view.WorkbenchView;

class ViewRegistryTest {
    private final ViewRegistry registry = new ViewRegistry();

    @Test
    void contributionsAreListedByTitleForTheShowViewMenu() {
        registry.add(new TestView("memwb.view.ram", "RAM", "right"), false);
        registry.add(new TestView("memwb.view.bundles", "Bundles", "left"), true);
        registry.add(new TestView("memwb.view.gdt", "GDT", "right"), false);
        assertEquals(List.of("Bundles", "GDT", "RAM"), registry.entries().stream().map(e -> e.view().title()).toList());
        assertEquals(List.of("memwb.view.bundles", "memwb.view.gdt", "memwb.view.ram"), registry.ids());
        assertTrue(registry.entries().get(0).openByDefault());
    }

    @Test
    void theSameServiceBoundTwiceIsListedOnce() {
        WorkbenchView v = new TestView("a", "A", "left");
        registry.add(v, false);
        registry.add(v, true);
        assertEquals(1, registry.entries().size());
        assertTrue(registry.entries().get(0).openByDefault());
    }

    @Test
    void removalIsByIdentitySoATwinWithTheSameIdStays() {
        WorkbenchView first = new TestView("x", "X", "left");
        WorkbenchView twin = new TestView("x", "X", "left");
        registry.add(first, false);
        registry.add(twin, false);
        assertTrue(registry.remove(first));
        assertFalse(registry.contains(first));
        assertTrue(registry.contains(twin));
        assertEquals(twin, registry.find("x").orElseThrow());
        assertFalse(registry.remove(first));
    }

    @Test
    void anUnknownIdFindsNothing() {
        assertTrue(registry.find("nope").isEmpty());
    }
}
