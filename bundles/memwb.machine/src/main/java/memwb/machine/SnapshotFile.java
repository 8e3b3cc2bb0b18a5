package memwb.machine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import memwb.api.heap.HeapState;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineException;
import memwb.api.machine.Numbers;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/**
 * A machine snapshot as one file: {@link #MAGIC}, the format version and the manifest's length
 * (big-endian ints), the manifest (UTF-8 JSON: spec, registers as hex strings, GDTR, paging mode,
 * allocator and options, frame states, heap, and a directory of RAM chunks with address, length,
 * compressed length and CRC32), then each chunk deflate-compressed, in directory order.
 *
 * <p>Written to a temporary file beside the target and moved into place, so a crash never leaves
 * half a snapshot under the real name. Reading checks everything before returning anything.
 */
final class SnapshotFile {
    /** The first eight bytes of every snapshot. */
    static final byte[] MAGIC = "MEMWBSNP".getBytes(StandardCharsets.US_ASCII);
    /** Magic, format version, manifest length. */
    static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Integer.BYTES;
    /** A manifest larger than this is a corrupt length field, not a real manifest (64 MiB). */
    static final int MAX_MANIFEST_BYTES = 64 << 20;
    private static final int COPY_BUFFER_BYTES = 64 << 10;
    /** Raw deflate without zlib's Adler-32: the directory's CRC32 is the one integrity check. */
    private static final boolean RAW_DEFLATE = true;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Set<String> MANIFEST_FIELDS = Set.of("spec", "registers", "gdtr", "pagingMode", "allocator",
            "frames", "heap", "spaces", "chunks");

    private SnapshotFile() {
    }

    /**
     * Writes {@code data} to {@code file} atomically (a temporary file moved over it).
     *
     * @throws MachineException naming the file if it cannot be written; an existing file is then unchanged
     */
    static void write(Path file, SnapshotData data) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            List<byte[]> compressed = new ArrayList<>();
            JsonArray chunks = new JsonArray();
            for (SnapshotData.RamChunk c : data.ram()) {
                byte[] z = deflate(c.bytes());
                compressed.add(z);
                JsonObject o = new JsonObject();
                o.addProperty("address", ImageFiles.hex(c.address()));
                o.addProperty("length", c.bytes().length);
                o.addProperty("compressedLength", z.length);
                o.addProperty("crc32", ImageFiles.hex(crc(c.bytes())));
                chunks.add(o);
            }
            byte[] manifest = GSON.toJson(manifest(data, chunks)).getBytes(StandardCharsets.UTF_8);
            try (OutputStream raw = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, COPY_BUFFER_BYTES))) {
                out.write(MAGIC);
                out.writeInt(SnapshotData.FORMAT_VERSION);
                out.writeInt(manifest.length);
                out.write(manifest);
                for (byte[] z : compressed) {
                    out.write(z);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MachineException(file + ": cannot write the snapshot: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move succeeded or the write already failed with the reason
                }
            }
        }
    }

    /**
     * Reads a snapshot written by {@link #write}.
     *
     * @throws MachineException naming the file and what is wrong: unreadable, truncated, bad magic,
     *         a newer or unknown format version, a malformed manifest (the field named), a corrupt
     *         chunk (CRC32 mismatch or an inflate error), or bytes after the last chunk
     */
    static SnapshotData read(Path file) {
        String where = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new MachineException(where + ": cannot read the snapshot: " + e.getMessage(), e);
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, COPY_BUFFER_BYTES))) {
            if (size < HEADER_BYTES) {
                throw fail(where, "truncated: " + size + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
            }
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw fail(where, "not a Memory Workbench snapshot (bad magic " + printable(magic) + ", expected "
                        + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
            }
            int version = in.readInt();
            if (version > SnapshotData.FORMAT_VERSION) {
                throw fail(where, "written by a newer Memory Workbench: format " + version + ", this one reads up to "
                        + SnapshotData.FORMAT_VERSION);
            }
            if (version < 1) {
                throw fail(where, "unknown format version " + version + " (this one reads 1 to "
                        + SnapshotData.FORMAT_VERSION + ")");
            }
            int manifestLength = in.readInt();
            if (manifestLength <= 0 || manifestLength > MAX_MANIFEST_BYTES) {
                throw fail(where, "corrupt header: manifest length " + manifestLength + " is not between 1 and "
                        + MAX_MANIFEST_BYTES);
            }
            if (size < HEADER_BYTES + (long) manifestLength) {
                throw fail(where, "truncated: the manifest needs " + manifestLength + " bytes after the header, the file has "
                        + (size - HEADER_BYTES));
            }
            byte[] manifestBytes = new byte[manifestLength];
            in.readFully(manifestBytes);
            Manifest m = parseManifest(where, new String(manifestBytes, StandardCharsets.UTF_8));
            long dataBytes = 0;
            for (ChunkEntry c : m.chunks) {
                dataBytes += c.compressedLength;
            }
            long expected = HEADER_BYTES + (long) manifestLength + dataBytes;
            if (size < expected) {
                throw fail(where, "truncated: the chunk directory needs " + dataBytes + " bytes of RAM chunks, the file has "
                        + (size - HEADER_BYTES - manifestLength));
            }
            if (size > expected) {
                throw fail(where, (size - expected) + " unexpected bytes after the last RAM chunk");
            }
            List<SnapshotData.RamChunk> ram = new ArrayList<>(m.chunks.size());
            for (int i = 0; i < m.chunks.size(); i++) {
                ChunkEntry c = m.chunks.get(i);
                byte[] z = new byte[c.compressedLength];
                in.readFully(z);
                ram.add(new SnapshotData.RamChunk(c.address, inflate(where, i, c, z)));
            }
            return new SnapshotData(m.spec, m.registers, m.gdtrBase, m.gdtrLimit, m.pagingMode, m.allocator,
                    m.allocatorOptions, m.frames, m.heap, m.heapBlocks, m.spaces, ram);
        } catch (EOFException e) {
            throw fail(where, "truncated: the file ended early");
        } catch (IOException e) {
            throw new MachineException(where + ": cannot read the snapshot: " + e.getMessage(), e);
        }
    }

    private static JsonObject manifest(SnapshotData data, JsonArray chunks) {
        JsonObject o = new JsonObject();
        o.addProperty("spec", data.spec());
        JsonObject registers = new JsonObject();
        data.registers().forEach((name, value) -> registers.addProperty(name, ImageFiles.hex(value)));
        o.add("registers", registers);
        JsonObject gdtr = new JsonObject();
        gdtr.addProperty("base", ImageFiles.hex(data.gdtrBase()));
        gdtr.addProperty("limit", ImageFiles.hex(data.gdtrLimit()));
        o.add("gdtr", gdtr);
        o.addProperty("pagingMode", data.pagingMode());
        JsonObject allocator = new JsonObject();
        allocator.addProperty("name", data.frameAllocator());
        allocator.add("options", ImageFiles.tree(data.allocatorOptions()));
        o.add("allocator", allocator);
        o.add("frames", ImageFiles.frames(data.frames()));
        if (data.heap() != null) {
            JsonObject heap = new JsonObject();
            heap.addProperty("name", data.heap());
            JsonArray live = new JsonArray();
            for (HeapState.LiveBlock b : data.heapBlocks()) {
                JsonObject block = new JsonObject();
                block.addProperty("payload", ImageFiles.hex(b.payload()));
                block.addProperty("size", ImageFiles.hex(b.size()));
                live.add(block);
            }
            heap.add("live", live);
            o.add("heap", heap);
        }
        if (data.spaces() != null) {
            o.add("spaces", ImageFiles.spaces(data.spaces()));
        }
        o.add("chunks", chunks);
        return o;
    }

    /** The manifest's values once checked; chunk data follows. */
    private record Manifest(String spec, Map<String, Long> registers, long gdtrBase, int gdtrLimit, String pagingMode,
            String allocator, Map<String, String> allocatorOptions, AllocationState frames, String heap,
            List<HeapState.LiveBlock> heapBlocks, SpaceRoots spaces, List<ChunkEntry> chunks) {
    }

    private record ChunkEntry(long address, int length, int compressedLength, long crc32) {
    }

    private static Manifest parseManifest(String where, String json) {
        Fields f = new Fields(where, "manifest");
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            f.onlyKnown(o, MANIFEST_FIELDS);
            String spec = f.string(o, "spec");
            JsonObject regs = f.object(o, "registers");
            Map<String, Long> registers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : regs.entrySet()) {
                registers.put(e.getKey(), f.number(regs, e.getKey(), "registers." + e.getKey()));
            }
            JsonObject gdtr = f.object(o, "gdtr");
            f.onlyKnown(gdtr, Set.of("base", "limit"), "gdtr");
            long gdtrBase = f.number(gdtr, "base", "gdtr.base");
            long limit = f.number(gdtr, "limit", "gdtr.limit");
            if (limit < 0 || limit > 0xffff) {
                throw f.bad("gdtr.limit", ImageFiles.hex(limit) + " does not fit in 16 bits");
            }
            String pagingMode = f.string(o, "pagingMode");
            JsonObject alloc = f.object(o, "allocator");
            f.onlyKnown(alloc, Set.of("name", "options"), "allocator");
            String allocator = f.string(alloc, "name", "allocator.name");
            JsonObject opts = f.object(alloc, "options", "allocator.options");
            Map<String, String> options = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : opts.entrySet()) {
                options.put(e.getKey(), f.string(opts, e.getKey(), "allocator.options." + e.getKey()));
            }
            AllocationState frames = frames(f, f.object(o, "frames"));
            String heap = null;
            List<HeapState.LiveBlock> heapBlocks = new ArrayList<>();
            if (o.has("heap")) {
                JsonObject h = f.object(o, "heap");
                f.onlyKnown(h, Set.of("name", "live"), "heap");
                heap = f.string(h, "name", "heap.name");
                JsonArray live = f.array(h, "live", "heap.live");
                for (int i = 0; i < live.size(); i++) {
                    String at = "heap.live[" + i + "]";
                    if (!live.get(i).isJsonObject()) {
                        throw f.bad(at, "expected an object");
                    }
                    JsonObject b = live.get(i).getAsJsonObject();
                    f.onlyKnown(b, Set.of("payload", "size"), at);
                    heapBlocks.add(new HeapState.LiveBlock(f.number(b, "payload", at + ".payload"),
                            f.number(b, "size", at + ".size")));
                }
            }
            SpaceRoots spaces = o.has("spaces") ? spaces(f, f.object(o, "spaces")) : null;
            JsonArray array = f.array(o, "chunks");
            List<ChunkEntry> chunks = new ArrayList<>();
            long nextFree = 0;
            for (int i = 0; i < array.size(); i++) {
                String at = "chunks[" + i + "]";
                if (!array.get(i).isJsonObject()) {
                    throw f.bad(at, "expected an object");
                }
                JsonObject c = array.get(i).getAsJsonObject();
                f.onlyKnown(c, Set.of("address", "length", "compressedLength", "crc32"), at);
                long address = f.number(c, "address", at + ".address");
                long length = f.number(c, "length", at + ".length");
                long zlength = f.number(c, "compressedLength", at + ".compressedLength");
                long crc = f.number(c, "crc32", at + ".crc32");
                if (length <= 0 || length > Integer.MAX_VALUE || zlength <= 0 || zlength > Integer.MAX_VALUE) {
                    throw f.bad(at, "length " + length + " and compressedLength " + zlength + " must be positive ints");
                }
                if (i > 0 && Long.compareUnsigned(address, nextFree) < 0) {
                    throw f.bad(at + ".address", ImageFiles.hex(address) + " overlaps or precedes the chunk before it");
                }
                if (crc < 0 || crc > 0xffffffffL) {
                    throw f.bad(at + ".crc32", ImageFiles.hex(crc) + " is not a 32-bit CRC");
                }
                chunks.add(new ChunkEntry(address, (int) length, (int) zlength, crc));
                nextFree = address + length;
            }
            return new Manifest(spec, registers, gdtrBase, (int) limit, pagingMode, allocator, options, frames, heap,
                    heapBlocks, spaces, chunks);
        } catch (JsonParseException | IllegalStateException e) {
            throw fail(where, "malformed manifest: " + e.getMessage());
        }
    }

    /** Frame states from the object {@link ImageFiles#frames} writes (also frames.json of an export); errors name {@code where}. */
    static AllocationState frames(String where, JsonObject o) {
        try {
            return frames(new Fields(where, "frame states"), o);
        } catch (IllegalStateException e) {
            throw fail(where, "malformed frame states: " + e.getMessage());
        }
    }

    /** Space roots from the object {@link ImageFiles#spaces} writes (also spaces.json of an export); errors name {@code where}. */
    static SpaceRoots spaces(String where, JsonObject o) {
        try {
            return spaces(new Fields(where, "address spaces"), o);
        } catch (IllegalStateException e) {
            throw fail(where, "malformed address spaces: " + e.getMessage());
        }
    }

    private static SpaceRoots spaces(Fields f, JsonObject o) {
        f.onlyKnown(o, Set.of("kernelRoot", "users"), "spaces");
        long kernelRoot = f.number(o, "kernelRoot", "spaces.kernelRoot");
        JsonArray array = f.array(o, "users", "spaces.users");
        List<SpaceRoots.User> users = new ArrayList<>();
        Set<Long> roots = new HashSet<>(Set.of(kernelRoot));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "spaces.users[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw f.bad(at, "expected an object");
            }
            JsonObject u = array.get(i).getAsJsonObject();
            f.onlyKnown(u, Set.of("name", "root"), at);
            String name = f.string(u, "name", at + ".name");
            long root = f.number(u, "root", at + ".root");
            if (name.equals(Machine.KERNEL_SPACE) || !names.add(name)) {
                throw f.bad(at + ".name", "\"" + name + "\" names another space already");
            }
            if (!roots.add(root)) {
                throw f.bad(at + ".root", ImageFiles.hex(root) + " is the root of another space already");
            }
            users.add(new SpaceRoots.User(name, root));
        }
        return new SpaceRoots(kernelRoot, users);
    }

    private static AllocationState frames(Fields f, JsonObject o) {
        f.onlyKnown(o, Set.of("frameCount", "runs"), "frames");
        long count = f.number(o, "frameCount", "frames.frameCount");
        JsonArray array = f.array(o, "runs", "frames.runs");
        List<FrameRun> runs = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < array.size(); i++) {
            String at = "frames.runs[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw f.bad(at, "expected an object");
            }
            JsonObject r = array.get(i).getAsJsonObject();
            f.onlyKnown(r, Set.of("first", "count", "state", "owner"), at);
            long first = f.number(r, "first", at + ".first");
            long n = f.number(r, "count", at + ".count");
            if (first != next || n <= 0) {
                throw f.bad(at, "expected a run starting at frame " + next + " with a positive count, found first="
                        + first + " count=" + n);
            }
            runs.add(new FrameRun(first, n, f.constant(FrameState.class, r, "state", at + ".state"),
                    f.constant(Owner.class, r, "owner", at + ".owner")));
            next = first + n;
        }
        if (next != count) {
            throw f.bad("frames", "the runs cover " + next + " frames, frameCount says " + count);
        }
        return new AllocationState(count, runs);
    }

    /** Strict field access that names the file and the field in every error. */
    private record Fields(String where, String part) {
        void onlyKnown(JsonObject o, Set<String> known) {
            onlyKnown(o, known, null);
        }

        void onlyKnown(JsonObject o, Set<String> known, String path) {
            for (String key : o.keySet()) {
                if (!known.contains(key)) {
                    throw bad(path == null ? key : path + "." + key, "unknown field; known fields: " + String.join(", ",
                            known.stream().sorted().toList()));
                }
            }
        }

        JsonElement required(JsonObject o, String name, String path) {
            JsonElement e = o.get(name);
            if (e == null || e.isJsonNull()) {
                throw bad(path, "missing");
            }
            return e;
        }

        String string(JsonObject o, String name) {
            return string(o, name, name);
        }

        String string(JsonObject o, String name, String path) {
            JsonElement e = required(o, name, path);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw bad(path, "expected a string, found " + e);
            }
            return e.getAsString();
        }

        JsonObject object(JsonObject o, String name) {
            return object(o, name, name);
        }

        JsonObject object(JsonObject o, String name, String path) {
            JsonElement e = required(o, name, path);
            if (!e.isJsonObject()) {
                throw bad(path, "expected an object, found " + e);
            }
            return e.getAsJsonObject();
        }

        JsonArray array(JsonObject o, String name) {
            return array(o, name, name);
        }

        JsonArray array(JsonObject o, String name, String path) {
            JsonElement e = required(o, name, path);
            if (!e.isJsonArray()) {
                throw bad(path, "expected an array, found " + e);
            }
            return e.getAsJsonArray();
        }

        /** A number written as a hex string ("0x1f") or a plain JSON number. */
        long number(JsonObject o, String name, String path) {
            JsonElement e = required(o, name, path);
            if (!e.isJsonPrimitive()) {
                throw bad(path, "expected a number, found " + e);
            }
            try {
                return Numbers.parse(e.getAsString(), path);
            } catch (IllegalArgumentException ex) {
                throw fail(where, "malformed " + part + ": field " + ex.getMessage());
            }
        }

        <E extends Enum<E>> E constant(Class<E> type, JsonObject o, String name, String path) {
            String s = string(o, name, path);
            try {
                return Enum.valueOf(type, s);
            } catch (IllegalArgumentException e) {
                throw bad(path, "\"" + s + "\" is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        MachineException bad(String path, String message) {
            return fail(where, "malformed " + part + ": field " + path + ": " + message);
        }
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, RAW_DEFLATE);
        try {
            d.setInput(bytes);
            d.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(64, bytes.length / 8));
            byte[] buf = new byte[COPY_BUFFER_BYTES];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(String where, int index, ChunkEntry c, byte[] z) {
        String chunk = "chunk " + index + " at " + ImageFiles.hex(c.address);
        Inflater inf = new Inflater(RAW_DEFLATE);
        try {
            inf.setInput(z);
            byte[] out = new byte[c.length];
            int n = 0;
            while (n < out.length && !inf.finished()) {
                int got = inf.inflate(out, n, out.length - n);
                if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != c.length || !inf.finished() || inf.getRemaining() != 0) {
                throw fail(where, "corrupt " + chunk + ": inflates to " + (inf.finished() ? n : "at least " + n)
                        + " bytes, the directory says " + c.length);
            }
            long crc = crc(out);
            if (crc != c.crc32) {
                throw fail(where, "corrupt " + chunk + ": CRC32 " + ImageFiles.hex(crc) + ", the directory says "
                        + ImageFiles.hex(c.crc32));
            }
            return out;
        } catch (DataFormatException e) {
            throw fail(where, "corrupt " + chunk + ": inflate error: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    private static MachineException fail(String where, String message) {
        return new MachineException(where + ": " + message);
    }
}
