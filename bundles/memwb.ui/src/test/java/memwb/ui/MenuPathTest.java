package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MenuPathTest {
    @Test
    void labelsAreComparedWithoutMnemonicsAcceleratorsEllipsisOrCase() {
        assertEquals("exit", MenuPath.normalize("E&xit\tCtrl+Q"));
        assertEquals("open machine", MenuPath.normalize("&Open machine..."));
        assertEquals("show view", MenuPath.normalize("Show &View"));
    }

    @Test
    void aDoubledAmpersandIsALiteralAmpersand() {
        assertEquals("frames & pages", MenuPath.normalize("Frames && Pages"));
    }

    @Test
    void aPathSplitsOnSlashesIntoNormalizedSegments() {
        assertEquals(List.of("window", "show view", "bundles"), MenuPath.segments("Window/Show View/Bundles"));
    }

    @Test
    void aSegmentMatchesTheWholeLabelOrItsBeginning() {
        assertTrue(MenuPath.matches("&About Memory Workbench", "about"));
        assertTrue(MenuPath.matches("Install bundle...", "install bundle"));
        assertFalse(MenuPath.matches("Install bundle...", "bundle"));
    }

    @Test
    void anEmptyPathOrSegmentIsRefusedNamingThePath() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MenuPath.segments(" ")).getMessage()
                .contains("Empty menu path"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MenuPath.segments("Help//About"));
        assertTrue(e.getMessage().contains("\"Help//About\""), e.getMessage());
    }
}
