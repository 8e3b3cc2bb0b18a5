package memwb.ram;

import static memwb.api.ram.PhysicalMemory.CHUNK_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.RegionType;

class SparseMemoryTest {
    private static final long MIB = 1L << 20;
    /** Low memory, the legacy hole at 0xa0000-0xfffff, then RAM up to 16 MiB. */
    private static final long HOLE = 0xa0000;
    private static final long HOLE_END = 0x100000;
    private static final long TOP = 16 * MIB;

    private final SparseMemory ram = new SparseMemory(new MemoryMap(List.of(
            new MemoryRegion(0, 0x9f000, RegionType.USABLE),
            new MemoryRegion(0x9f000, HOLE - 0x9f000, RegionType.RESERVED),
            new MemoryRegion(HOLE_END, TOP - HOLE_END, RegionType.USABLE))));

    @Test
    void untouchedInstalledMemoryReadsZeroWithoutAllocating() {
        assertEquals(0, ram.read8(0x1234));
        assertEquals(0, ram.read64(TOP - 8));
        byte[] page = new byte[4096];
        page[7] = 1;
        ram.read(0x200000, page, 0, page.length);
        assertArrayEquals(new byte[4096], page);
        assertEquals(0, ram.touchedBytes());
        assertEquals(0, ram.touchedChunks().length);
        assertEquals(0, ram.version());
    }

    @Test
    void valuesAreStoredLittleEndianAtEveryWidth() {
        ram.write64(0x1000, 0x1122334455667788L);
        assertEquals(0x88, ram.read8(0x1000));
        assertEquals(0x11, ram.read8(0x1007));
        assertEquals(0x7788, ram.read16(0x1000));
        assertEquals(0x55667788, ram.read32(0x1000));
        assertEquals(0x11223344, ram.read32(0x1004));
        ram.write16(0x2000, 0xbeef);
        ram.write32(0x2004, 0xcafebabe);
        ram.write8(0x2008, 0x1ff);
        assertEquals(0xcafebabe_0000beefL, ram.read64(0x2000));
        assertEquals(0xff, ram.read8(0x2008), "write8 keeps the low 8 bits");
    }

    @Test
    void narrowReadsAreZeroExtended() {
        ram.write64(0x3000, -1L);
        assertEquals(0xff, ram.read8(0x3000));
        assertEquals(0xffff, ram.read16(0x3000));
        assertEquals(-1, ram.read32(0x3000));
    }

    @Test
    void accessesThatCrossAChunkBoundaryWork() {
        long pa = 3L * CHUNK_SIZE - 3;
        ram.write64(pa, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, ram.read64(pa));
        assertEquals(0x08, ram.read8(pa));
        assertEquals(0x01, ram.read8(pa + 7));
        assertEquals(0x05060708, ram.read32(pa));
        assertEquals(0x0405, ram.read16(pa + 3), "a 16-bit read exactly across the boundary");
        ram.write32(4L * CHUNK_SIZE - 1, 0xa1b2c3d4);
        assertEquals(0xa1b2c3d4, ram.read32(4L * CHUNK_SIZE - 1));
        assertArrayEquals(new long[] {2L * CHUNK_SIZE, 3L * CHUNK_SIZE, 4L * CHUNK_SIZE}, ram.touchedChunks());
    }

    @Test
    void anAccessInAHoleIsRefusedNamingTheAddressAndNothingChanges() {
        ram.write8(0x10, 1);
        long before = ram.version();
        PhysicalAccessException e = assertThrows(PhysicalAccessException.class, () -> ram.write32(0xb8000, 7));
        assertEquals(0xb8000, e.address());
        assertTrue(e.getMessage().contains("0xb8000") && e.getMessage().contains("hole"), e.getMessage());
        assertThrows(PhysicalAccessException.class, () -> ram.read8(HOLE));
        assertThrows(PhysicalAccessException.class, () -> ram.read64(HOLE_END - 8));
        assertEquals(before, ram.version());
        assertArrayEquals(new long[] {0}, ram.touchedChunks());
    }

    @Test
    void reservedRegionsAreInstalledMemory() {
        assertTrue(ram.isInstalled(0x9f000));
        ram.write32(0x9fffc, 0x12345678);
        assertEquals(0x12345678, ram.read32(0x9fffc));
        assertFalse(ram.isInstalled(HOLE));
        assertTrue(ram.isInstalled(HOLE_END));
        assertFalse(ram.isInstalled(TOP));
        assertFalse(ram.isInstalled(-1));
    }

    @Test
    void anAccessBeyondTheTopIsRefusedNamingTheLimit() {
        PhysicalAccessException e = assertThrows(PhysicalAccessException.class, () -> ram.read64(TOP));
        assertEquals(TOP, e.address());
        assertTrue(e.getMessage().contains("0x1000000 is beyond the top of RAM (limit 0x1000000)"), e.getMessage());
        PhysicalAccessException past = assertThrows(PhysicalAccessException.class, () -> ram.write64(TOP - 4, 1));
        assertEquals(TOP, past.address(), "the first byte past the top is named");
        PhysicalAccessException huge = assertThrows(PhysicalAccessException.class, () -> ram.write8(-8, 1));
        assertTrue(huge.getMessage().contains("0xfffffffffffffff8 is beyond the top"), huge.getMessage());
        assertEquals(0, ram.version());
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void aWriteStraddlingIntoAHoleIsRefusedWhole() {
        PhysicalAccessException e = assertThrows(PhysicalAccessException.class,
                () -> ram.write64(HOLE - 4, 0x1111111111111111L));
        assertEquals(HOLE, e.address());
        assertTrue(e.getMessage().contains("0x9fffc") && e.getMessage().contains("0xa0000 is in a hole"),
                e.getMessage());
        assertEquals(0, ram.read32(HOLE - 4), "no byte before the hole was stored");
        assertEquals(0, ram.version());
        assertEquals(0, ram.touchedBytes());
        assertThrows(PhysicalAccessException.class, () -> ram.read16(HOLE - 1));
    }

    @Test
    void bulkWriteAndReadCopyAcrossChunks() {
        byte[] src = new byte[3 * CHUNK_SIZE];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 31 + 7);
        }
        long pa = 2 * MIB + 100;
        ram.write(pa, src, 0, src.length);
        assertEquals(1, ram.version(), "one bulk write is one version step");
        byte[] back = new byte[src.length + 2];
        ram.read(pa, back, 1, src.length);
        for (int i = 0; i < src.length; i++) {
            assertEquals(src[i], back[i + 1], "byte " + i);
        }
        assertEquals(src[5] & 0xff, ram.read8(pa + 5));
        assertEquals(4, ram.touchedChunks().length);
    }

    @Test
    void bulkAccessIntoAHoleIsRefusedWhole() {
        byte[] src = new byte[0x2000];
        Arrays.fill(src, (byte) 0x55);
        PhysicalAccessException e = assertThrows(PhysicalAccessException.class,
                () -> ram.write(HOLE - 0x1000, src, 0, src.length));
        assertEquals(HOLE, e.address());
        assertEquals(0, ram.read8(HOLE - 0x1000));
        byte[] dst = new byte[0x2000];
        dst[0] = 9;
        assertThrows(PhysicalAccessException.class, () -> ram.read(HOLE - 0x1000, dst, 0, dst.length));
        assertEquals(9, dst[0], "the destination is untouched");
        assertThrows(PhysicalAccessException.class, () -> ram.fill(TOP - 10, 11, 0xff));
        assertEquals(0, ram.read8(TOP - 10));
        assertEquals(0, ram.version());
    }

    @Test
    void badArrayBoundsAreRefusedAndNothingIsStored() {
        byte[] src = new byte[16];
        assertThrows(IndexOutOfBoundsException.class, () -> ram.write(0x1000, src, 10, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> ram.read(0x1000, src, -1, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ram.fill(0x1000, -1, 0));
        assertTrue(e.getMessage().contains("0x1000"), e.getMessage());
        assertEquals(0, ram.version());
    }

    @Test
    void fillSetsEveryByteAndZeroFillingUntouchedMemoryAllocatesNothing() {
        ram.fill(HOLE_END, 8 * MIB, 0);
        assertEquals(0, ram.touchedBytes(), "zeroing fresh memory needs no storage");
        assertEquals(1, ram.version(), "but it is still a write");
        ram.fill(0x5000 - 3, 0x1006, 0xab);
        assertEquals(0, ram.read8(0x5000 - 4));
        assertEquals(0xab, ram.read8(0x5000 - 3));
        assertEquals(0xabababab, ram.read32(0x5fff));
        assertEquals(0xab, ram.read8(0x6002));
        assertEquals(0, ram.read8(0x6003));
        ram.fill(0x5000, 0x1000, 0);
        assertEquals(0, ram.read64(0x5000));
        assertEquals(0xab, ram.read8(0x4fff));
    }

    @Test
    void versionCountsEveryWriteAndChunksWrittenSinceNamesOnlyTheChangedChunks() {
        ram.write8(0x10, 1);
        ram.write64(5L * CHUNK_SIZE, 2);
        long seen = ram.version();
        assertEquals(2, seen);
        ram.read64(0x10);
        assertEquals(seen, ram.version(), "reads do not count");
        ram.write16(9L * CHUNK_SIZE + 2, 3);
        ram.write8(0x11, 4);
        assertEquals(4, ram.version());
        assertArrayEquals(new long[] {0, 9}, ram.chunksWrittenSince(seen));
        assertArrayEquals(new long[] {0, 5, 9}, ram.chunksWrittenSince(0));
        assertArrayEquals(new long[0], ram.chunksWrittenSince(ram.version()));
        assertEquals(3L * CHUNK_SIZE, ram.touchedBytes());
    }

    @Test
    void aPartlyInstalledChunkStillRefusesItsUninstalledBytesAfterBeingTouched() {
        // Byte-exact regions that share one chunk with a hole; no 4 KiB alignment anywhere.
        SparseMemory odd = new SparseMemory(new MemoryMap(List.of(
                new MemoryRegion(0x1003, 0x0ffe, RegionType.USABLE),
                new MemoryRegion(0x3000, 0x11, RegionType.ACPI_NVS))));
        odd.write8(0x1003, 0x42);
        odd.write16(0x1fff, 0x4243);
        assertEquals(0x4243, odd.read16(0x1fff));
        PhysicalAccessException e = assertThrows(PhysicalAccessException.class, () -> odd.read8(0x2001));
        assertTrue(e.getMessage().contains("0x2001 is in a hole"), e.getMessage());
        assertThrows(PhysicalAccessException.class, () -> odd.write8(0x1002, 1));
        assertThrows(PhysicalAccessException.class, () -> odd.write16(0x2000, 1), "straddles the region end");
        odd.write64(0x3008, -1L);
        assertThrows(PhysicalAccessException.class, () -> odd.write64(0x300a, 0));
        PhysicalAccessException top = assertThrows(PhysicalAccessException.class, () -> odd.read8(0x3011));
        assertTrue(top.getMessage().contains("beyond the top of RAM (limit 0x3011)"), top.getMessage());
        assertEquals(0x42, odd.read8(0x1003));
        assertEquals(3, odd.version());
    }

    @Test
    void chunkForReadingHandsOutOnlyBackedWhollyInstalledChunksAndTheyFollowLaterWrites() {
        assertNull(ram.chunkForReading(0x200000), "untouched: no storage to hand out");
        ram.write64(0x200008, 0x1122334455667788L);
        byte[] chunk = ram.chunkForReading(0x20fff8);
        assertEquals(CHUNK_SIZE, chunk.length);
        assertEquals((byte) 0x88, chunk[8]);
        assertEquals((byte) 0x11, chunk[15]);
        ram.write8(0x20fff8, 0x5a);
        assertEquals((byte) 0x5a, chunk[CHUNK_SIZE - 8], "the same array keeps backing the chunk");
        assertTrue(chunk == ram.chunkForReading(0x200000), "one array per chunk, never replaced");
        long version = ram.version();

        assertNull(ram.chunkForReading(TOP), "past the top");
        assertNull(ram.chunkForReading(-8), "negative");
        assertEquals(version, ram.version(), "handing out chunks writes nothing");

        SparseMemory odd = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0x1000, 0x1000, RegionType.USABLE))));
        odd.write64(0x1000, 1);
        assertNull(odd.chunkForReading(0x1000), "a partly installed chunk needs the map check on every access");
    }

    @Test
    void theWholeFiftyTwoBitAddressSpaceIsReachable() {
        long limit = AddressLimits.PHYSICAL_LIMIT;
        SparseMemory high = new SparseMemory(new MemoryMap(List.of(
                new MemoryRegion(0, MIB, RegionType.USABLE),
                new MemoryRegion(limit - 2 * MIB, 2 * MIB, RegionType.USABLE))));
        high.write64(limit - 8, 0x0123456789abcdefL);
        high.write64(0, 5);
        assertEquals(0x0123456789abcdefL, high.read64(limit - 8));
        assertEquals(5, high.read64(0));
        PhysicalAccessException e = assertThrows(PhysicalAccessException.class, () -> high.read8(limit));
        assertTrue(e.getMessage().contains("limit 0x10000000000000"), e.getMessage());
        assertThrows(PhysicalAccessException.class, () -> high.read8(limit / 2), "a hole of petabytes");
        assertEquals(2L * CHUNK_SIZE, high.touchedBytes());
        assertTrue(high.retainedHeapBytes() < 4 * MIB, "the directory stays small: " + high.retainedHeapBytes());
    }

    @Test
    void aMapPastTheFiftyTwoBitLimitIsRefused() {
        MemoryMap tooHigh = new MemoryMap(List.of(new MemoryRegion(AddressLimits.PHYSICAL_LIMIT, MIB,
                RegionType.RESERVED)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparseMemory(tooHigh));
        assertTrue(e.getMessage().contains("0x10000000100000"), e.getMessage());
    }

    @Test
    void randomAccessesAgreeWithAPlainByteArrayModel() {
        // Regions with unaligned edges close to chunk boundaries, so straddles and holes are common.
        List<MemoryRegion> regions = List.of(
                new MemoryRegion(0x0, 0xfffd, RegionType.USABLE),
                new MemoryRegion(0x10003, 0x1fff0, RegionType.RESERVED),
                new MemoryRegion(0x30000, 0x10000, RegionType.USABLE),
                new MemoryRegion(0x40000, 0x7, RegionType.BAD));
        SparseMemory sut = new SparseMemory(new MemoryMap(regions));
        int size = 0x50000;
        byte[] model = new byte[size];
        boolean[] installed = new boolean[size];
        for (MemoryRegion r : regions) {
            for (long a = r.base(); a < r.end(); a++) {
                installed[(int) a] = true;
            }
        }
        Random random = new Random(20261124);
        long expectedVersion = 0;
        for (int op = 0; op < 200_000; op++) {
            int width = 1 << random.nextInt(4);
            int pa = random.nextInt(100) < 30 ? nearAnEdge(random, regions) : random.nextInt(size - 8);
            boolean ok = true;
            for (int i = 0; i < width; i++) {
                ok &= pa + i < size && installed[pa + i];
            }
            long value = random.nextLong();
            if (random.nextBoolean()) {
                Executable write = () -> write(sut, pa, width, value);
                if (!ok) {
                    assertThrows(PhysicalAccessException.class, write);
                    continue;
                }
                assertDoesNotThrow(write);
                expectedVersion++;
                for (int i = 0; i < width; i++) {
                    model[pa + i] = (byte) (value >>> (8 * i));
                }
            } else {
                if (!ok) {
                    assertThrows(PhysicalAccessException.class, () -> read(sut, pa, width));
                    continue;
                }
                long expected = 0;
                for (int i = 0; i < width; i++) {
                    expected |= (long) (model[pa + i] & 0xff) << (8 * i);
                }
                long mask = width == 8 ? -1L : (1L << (8 * width)) - 1;
                assertEquals(expected, read(sut, pa, width) & mask, "read" + (8 * width) + " at 0x"
                        + Integer.toHexString(pa) + " after op " + op);
            }
        }
        assertEquals(expectedVersion, sut.version());
        byte[] all = new byte[0x10000];
        sut.read(0x30000, all, 0, all.length);
        assertArrayEquals(Arrays.copyOfRange(model, 0x30000, 0x40000), all);
    }

    private static int nearAnEdge(Random random, List<MemoryRegion> regions) {
        MemoryRegion r = regions.get(random.nextInt(regions.size()));
        long edge = random.nextBoolean() ? r.base() : r.end();
        return (int) Math.max(0, edge - 8 + random.nextInt(16));
    }

    private static void write(SparseMemory ram, long pa, int width, long value) {
        switch (width) {
            case 1 -> ram.write8(pa, (int) value);
            case 2 -> ram.write16(pa, (int) value);
            case 4 -> ram.write32(pa, (int) value);
            default -> ram.write64(pa, value);
        }
    }

    private static long read(SparseMemory ram, long pa, int width) {
        return switch (width) {
            case 1 -> ram.read8(pa);
            case 2 -> ram.read16(pa);
            case 4 -> ram.read32(pa);
            default -> ram.read64(pa);
        };
    }
}
