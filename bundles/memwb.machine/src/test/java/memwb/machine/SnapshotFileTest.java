package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import memwb.api.heap.HeapState;
import memwb.api.machine.MachineException;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
    @TempDir
    Path dir;

    private static SnapshotData sample(String heap) {
        Map<String, Long> regs = new LinkedHashMap<>();
        regs.put("cr0", 0x80010011L);
        regs.put("cr2", 0xffffffff80000000L); // a value with bit 63 set must survive as unsigned hex
        regs.put("cr3", 0x9000L);
        regs.put("cr4", 0xa0L);
        regs.put("efer", 0xd00L);
        regs.put("rflags", 0x2L);
        byte[] random = new byte[3 * 4096];
        new Random(7).nextBytes(random);
        byte[] zeros = new byte[2 << 20];
        zeros[12345] = 0x5a;
        AllocationState frames = new AllocationState(32768, List.of(
                new FrameRun(0, 1, FrameState.RESERVED, Owner.FIRMWARE),
                new FrameRun(1, 8, FrameState.ALLOCATED, Owner.PAGE_TABLES),
                new FrameRun(9, 32759, FrameState.FREE, Owner.NONE)));
        return new SnapshotData("{\n  \"name\": \"qemu-128m\",\n  \"ram\": \"0x8000000\"\n}", regs, 0x5000, 0x37,
                "4-level", "bytemap", Map.of("search", "next-fit"), frames, heap,
                heap == null ? List.of() : List.of(new HeapState.LiveBlock(0xffffffff80601010L, 0x30),
                        new HeapState.LiveBlock(0xffffffff80601050L, 0x1000)),
                new SpaceRoots(0x1000, List.of(new SpaceRoots.User("p1", 0x3000), new SpaceRoots.User("p2", 0x5000))),
                List.of(new SnapshotData.RamChunk(0x1000, random), new SnapshotData.RamChunk(0x200000, zeros)));
    }

    private Path written(SnapshotData data) {
        Path file = dir.resolve("m.memwb");
        SnapshotFile.write(file, data);
        return file;
    }

    private static void assertSame(SnapshotData want, SnapshotData got) {
        assertEquals(want.spec(), got.spec());
        assertEquals(want.registers(), got.registers());
        assertEquals(want.gdtrBase(), got.gdtrBase());
        assertEquals(want.gdtrLimit(), got.gdtrLimit());
        assertEquals(want.pagingMode(), got.pagingMode());
        assertEquals(want.frameAllocator(), got.frameAllocator());
        assertEquals(want.spaces(), got.spaces());
        assertEquals(want.allocatorOptions(), got.allocatorOptions());
        assertEquals(want.frames(), got.frames());
        assertEquals(want.heap(), got.heap());
        assertEquals(want.heapBlocks(), got.heapBlocks());
        assertEquals(want.ram().size(), got.ram().size());
        for (int i = 0; i < want.ram().size(); i++) {
            assertEquals(want.ram().get(i).address(), got.ram().get(i).address(), "chunk " + i + " address");
            assertArrayEquals(want.ram().get(i).bytes(), got.ram().get(i).bytes(), "chunk " + i + " bytes");
        }
    }

    private static MachineException refused(Path file) {
        return assertThrows(MachineException.class, () -> SnapshotFile.read(file));
    }

    /** Offset of the first RAM chunk: header plus manifest. */
    private static int dataStart(byte[] bytes) {
        return SnapshotFile.HEADER_BYTES + ByteBuffer.wrap(bytes, SnapshotFile.MAGIC.length + 4, 4).getInt();
    }

    /** Rewrites the manifest (keeping the chunks), to test malformed manifests. */
    private Path withManifest(Path file, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = dataStart(bytes);
        String manifest = new String(bytes, SnapshotFile.HEADER_BYTES, start - SnapshotFile.HEADER_BYTES,
                StandardCharsets.UTF_8);
        assertTrue(manifest.contains(from), "the manifest holds " + from);
        byte[] m = manifest.replace(from, to).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, SnapshotFile.MAGIC.length + 4);
        out.write(ByteBuffer.allocate(4).putInt(m.length).array());
        out.write(m);
        out.write(bytes, start, bytes.length - start);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void roundTripKeepsEveryFieldAndEveryChunkByte() {
        SnapshotData data = sample("freelist");
        assertSame(data, SnapshotFile.read(written(data)));
    }

    @Test
    void roundTripWithoutAHeapReadsNull() {
        SnapshotData data = sample(null);
        SnapshotData back = SnapshotFile.read(written(data));
        assertNull(back.heap());
        assertSame(data, back);
    }

    @Test
    void aManifestWithoutSpacesAsFilesFromBeforeUserSpacesReadsNull() throws IOException {
        SnapshotData data = sample(null);
        SnapshotData old = new SnapshotData(data.spec(), data.registers(), data.gdtrBase(), data.gdtrLimit(),
                data.pagingMode(), data.frameAllocator(), data.allocatorOptions(), data.frames(), data.heap(),
                data.heapBlocks(), null, data.ram());
        Path file = written(old);
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("\"spaces\""),
                "the manifest has no spaces field, as before user spaces");
        assertNull(SnapshotFile.read(file).spaces());
    }

    @Test
    void ramChunksAreCompressedAndTheFileStartsWithMagicAndVersion() throws IOException {
        Path file = written(sample(null));
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(SnapshotFile.MAGIC, Arrays.copyOf(bytes, SnapshotFile.MAGIC.length));
        assertEquals(SnapshotData.FORMAT_VERSION, ByteBuffer.wrap(bytes, SnapshotFile.MAGIC.length, 4).getInt());
        // 2 MiB of mostly zeros plus 12 KiB of noise: deflate must shrink it far below the raw size
        assertTrue(bytes.length < 64 * 1024, "file is " + bytes.length + " bytes");
    }

    @Test
    void writingReplacesAnOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.memwb");
        Files.writeString(file, "old");
        SnapshotFile.write(file, sample("tlsf"));
        assertEquals("tlsf", SnapshotFile.read(file).heap());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writingIntoAMissingDirectoryNamesTheFile() {
        Path file = dir.resolve("no/such/dir/m.memwb");
        MachineException e = assertThrows(MachineException.class, () -> SnapshotFile.write(file, sample(null)));
        assertTrue(e.getMessage().startsWith(file + ": cannot write"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = written(sample(null));
        byte[] bytes = Files.readAllBytes(file);
        for (int cut : new int[] {bytes.length - 1, dataStart(bytes) + 3, dataStart(bytes) - 10, 5}) {
            Files.write(file, Arrays.copyOf(bytes, cut));
            MachineException e = refused(file);
            assertTrue(e.getMessage().startsWith(file + ": truncated"), cut + ": " + e.getMessage());
        }
    }

    @Test
    void bytesAfterTheLastChunkAreRefused() throws IOException {
        Path file = written(sample(null));
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(refused(file).getMessage().contains("3 unexpected bytes after the last RAM chunk"));
    }

    @Test
    void aBadMagicIsRefused() throws IOException {
        Path file = dir.resolve("notes.md");
        Files.writeString(file, "# Memory Management\nnot a snapshot at all");
        MachineException e = refused(file);
        assertTrue(e.getMessage().startsWith(file + ": not a Memory Workbench snapshot (bad magic 0x"), e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRefusedSayingSo() throws IOException {
        Path file = written(sample(null));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(SnapshotFile.MAGIC.length, 2);
        Files.write(file, bytes);
        assertEquals(file + ": written by a newer Memory Workbench: format 2, this one reads up to 1",
                refused(file).getMessage());
    }

    @Test
    void aCorruptChunkFailsItsCrc() throws IOException {
        // chunk 0 is random bytes, which deflate stores literally: flipping one inflates cleanly to a bad CRC
        Path file = written(sample(null));
        byte[] bytes = Files.readAllBytes(file);
        bytes[dataStart(bytes) + 100] ^= 0x40;
        Files.write(file, bytes);
        MachineException e = refused(file);
        assertTrue(e.getMessage().matches(".*: corrupt chunk 0 at 0x1000: CRC32 0x[0-9a-f]+, the directory says 0x[0-9a-f]+"),
                e.getMessage());
    }

    @Test
    void aCorruptChunkThatCannotInflateIsRefused() throws IOException {
        Path file = written(sample(null));
        byte[] bytes = Files.readAllBytes(file);
        int start = dataStart(bytes);
        for (int i = start; i < start + 16; i++) {
            bytes[i] = (byte) 0xff;
        }
        Files.write(file, bytes);
        MachineException e = refused(file);
        assertTrue(e.getMessage().contains("corrupt chunk 0 at 0x1000"), e.getMessage());
    }

    @Test
    void aMalformedManifestNamesTheField() throws IOException {
        Path file = written(sample(null));
        byte[] original = Files.readAllBytes(file);
        String[][] cases = {
                {"\"pagingMode\"", "\"pagingMood\"", "field pagingMood: unknown field"},
                {"\"limit\": \"0x37\"", "\"limit\": \"0x10000\"", "field gdtr.limit: 0x10000 does not fit in 16 bits"},
                {"\"cr3\": \"0x9000\"", "\"cr3\": \"nine\"", "field registers.cr3: "},
                {"\"state\": \"RESERVED\"", "\"state\": \"BROKEN\"", "field frames.runs[0].state: \"BROKEN\""},
                {"\"first\": 1,", "\"first\": 2,", "field frames.runs[1]: expected a run starting at frame 1"},
                {"\"length\": 12288", "\"length\": -1", "field chunks[0].length: \"-1\" is not a number"},
                {"\"name\": \"bytemap\"", "\"name\": 7", "field allocator.name: expected a string"},
                {"\"spec\":", "\"specs\":", "field specs: unknown field"},
                {"\"name\": \"p2\"", "\"name\": \"p1\"", "field spaces.users[1].name: \"p1\" names another space already"},
                {"\"name\": \"p2\"", "\"name\": \"kernel\"", "field spaces.users[1].name: \"kernel\" names another"},
                {"\"root\": \"0x5000\"", "\"root\": \"0x1000\"", "field spaces.users[1].root: 0x1000 is the root of another"},
                {"\"kernelRoot\"", "\"kernelRot\"", "field spaces.kernelRot: unknown field"},
        };
        for (String[] c : cases) {
            Files.write(file, original);
            withManifest(file, c[0], c[1]);
            MachineException e = refused(file);
            assertTrue(e.getMessage().startsWith(file + ": malformed manifest: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), c[2] + " in " + e.getMessage());
        }
    }

    @Test
    void aManifestThatIsNotJsonIsRefused() throws IOException {
        Path file = written(sample(null));
        withManifest(file, "{", "[");
        assertTrue(refused(file).getMessage().startsWith(file + ": malformed manifest"));
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path file = dir.resolve("none.memwb");
        MachineException e = refused(file);
        assertTrue(e.getMessage().startsWith(file + ": cannot read the snapshot"), e.getMessage());
        assertFalse(Files.exists(file));
    }
}
