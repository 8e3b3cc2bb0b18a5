package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexWindowTest {
    private static final int WINDOW = HexRows.MAX_ROWS;
    private static final int SCREEN = 30;
    /** 128 MiB of RAM: 8 Mi rows. */
    private static final long RAM_ROWS = HexWindow.spaceRows(128L << 20);

    @Test
    void spaceRowsCountsAPartialRowAndTreatsEndZeroAs2To64() {
        assertEquals(8L << 20, RAM_ROWS);
        assertEquals(2, HexWindow.spaceRows(17));
        assertEquals(1L << 60, HexWindow.spaceRows(0));
        assertEquals((1L << 60) - 1, HexWindow.rowOf(0xffff_ffff_ffff_ffffL));
        assertEquals(0xffff_ffff_ffff_fff0L, HexWindow.addressOf(HexWindow.rowOf(0xffff_ffff_ffff_ffffL)));
    }

    @Test
    void aWindowCentresOnTheAddressAndIsClampedToBothEndsOfTheSpace() {
        assertEquals(0, HexWindow.startFor(0x50000, WINDOW, RAM_ROWS), "below half a window: starts at 0");
        assertEquals((0x4000000L >>> 4) - WINDOW / 2, HexWindow.startFor(0x4000000L, WINDOW, RAM_ROWS));
        assertEquals(RAM_ROWS - WINDOW, HexWindow.startFor((128L << 20) - 1, WINDOW, RAM_ROWS), "the last window is full");
        assertEquals((1L << 60) - WINDOW, HexWindow.startFor(0xffff_ffff_ffff_ffffL, WINDOW, HexWindow.spaceRows(0)));
        assertEquals(0, HexWindow.startFor(0x1000, WINDOW, 10), "a space smaller than a window starts at 0");
    }

    @Test
    void scrollingToTheLastScreenfulSlidesTheWindowOnAndKeepsTheVisibleRowsWhereTheyAre() {
        long start = 0;
        int top = WINDOW - SCREEN - 5; // the top row is within a screenful of the window's end
        long topRow = start + top;
        HexWindow.Slide slide = HexWindow.slide(start, WINDOW, RAM_ROWS, top, SCREEN);
        assertNotNull(slide);
        int newTop = slide.map(top, WINDOW);
        assertEquals(topRow, slide.startRow() + newTop, "the same row is on top after the slide");
        assertEquals(WINDOW / 2 - SCREEN / 2, newTop, "recentred on the visible rows");
        assertEquals(topRow + 3, slide.startRow() + slide.map(top + 3, WINDOW), "a row below the top (the selection) moves with it");
        assertEquals(-1, slide.map(0, WINDOW), "rows left behind fall out");
    }

    @Test
    void scrollingToTheFirstScreenfulSlidesTheWindowBackButNeverBeforeAddressZero() {
        long start = 0x10000;
        HexWindow.Slide back = HexWindow.slide(start, WINDOW, RAM_ROWS, 2, SCREEN);
        assertNotNull(back);
        assertEquals(start + 2, back.startRow() + back.map(2, WINDOW));
        HexWindow.Slide clamped = HexWindow.slide(100, WINDOW, RAM_ROWS, 2, SCREEN);
        assertEquals(0, clamped.startRow());
        assertEquals(102, clamped.map(2, WINDOW));
        assertNull(HexWindow.slide(0, WINDOW, RAM_ROWS, 2, SCREEN), "already at the start of the space");
    }

    @Test
    void theWindowStaysPutInTheMiddleAndAtTheEndOfTheSpace() {
        assertNull(HexWindow.slide(0x1000, WINDOW, RAM_ROWS, WINDOW / 2, SCREEN));
        assertNull(HexWindow.slide(RAM_ROWS - WINDOW, WINDOW, RAM_ROWS, WINDOW - SCREEN, SCREEN), "the end of RAM");
        long top2To64 = (1L << 60) - WINDOW;
        assertNull(HexWindow.slide(top2To64, WINDOW, HexWindow.spaceRows(0), WINDOW - SCREEN, SCREEN), "the end of 2^64");
        HexWindow.Slide nearTop = HexWindow.slide(top2To64 - 100, WINDOW, HexWindow.spaceRows(0), WINDOW - SCREEN, SCREEN);
        assertEquals(top2To64, nearTop.startRow(), "slides up to the last row of 2^64, not past it");
        assertEquals(0xffff_ffff_ffff_fff0L, HexWindow.addressOf(nearTop.startRow() + WINDOW - 1));
    }

    @Test
    void badArgumentsAreRefusedNamingWhatWasWrong() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> HexWindow.slide(RAM_ROWS, WINDOW, RAM_ROWS, 0, SCREEN));
        assertEquals("window start row 0x800000 (address 0x8000000) is outside the space's 0x800000 rows", outside.getMessage());
        assertEquals("top row 65536 is outside the window's 65536 rows", assertThrows(IllegalArgumentException.class,
                () -> HexWindow.slide(0, WINDOW, RAM_ROWS, WINDOW, SCREEN)).getMessage());
        assertEquals("top row -1 is outside the window's 65536 rows", assertThrows(IllegalArgumentException.class,
                () -> HexWindow.slide(0, WINDOW, RAM_ROWS, -1, SCREEN)).getMessage());
        assertEquals("screenful of 0 rows: must be at least 1", assertThrows(IllegalArgumentException.class,
                () -> HexWindow.slide(0, WINDOW, RAM_ROWS, 0, 0)).getMessage());
        assertEquals("window of 0 rows: must be at least 1", assertThrows(IllegalArgumentException.class,
                () -> HexWindow.startFor(0, 0, RAM_ROWS)).getMessage());
        assertEquals("space of 0x0 rows: must be 1 to 2^60 (2^64 bytes)", assertThrows(IllegalArgumentException.class,
                () -> HexWindow.startFor(0, WINDOW, 0)).getMessage());
    }
}
