package memwb.vmm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import memwb.api.gdt.Gdtr;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.ImageHeader;
import memwb.api.vmm.VmmException;

/**
 * Reads an export back. Everything is checked before anything is written, and every complaint
 * names the file and field: a missing file, bad JSON, a field that is absent or not a hex string,
 * a mode that disagrees with the registers, a ram.bin whose size differs from the RAM's limit or
 * that holds data in a hole of the memory map, a CR3 outside installed RAM.
 */
final class ImageImport {
    private static final long GDTR_LIMIT_MAX = 0xffff;
    private static final long PAGE = 4096;
    private static final long PAE_PDPT_BYTES = 32;

    private ImageImport() {
    }

    static ImageHeader readHeader(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new VmmException(-1, dir + ": not a directory");
        }
        Path json = dir.resolve(ImageExport.REGISTERS_FILE);
        Path ram = dir.resolve(ImageExport.RAM_FILE);
        String text;
        try {
            text = Files.readString(json);
        } catch (IOException e) {
            throw new VmmException(-1, json + ": missing or unreadable (" + e.getClass().getSimpleName() + ")");
        }
        JsonElement root = parseStrict(json, text);
        if (!root.isJsonObject()) {
            throw new VmmException(-1, json + ": expected a JSON object with cr0, cr2, cr3, cr4, efer, gdtr and mode");
        }
        JsonObject o = root.getAsJsonObject();
        ControlRegisters regs = new ControlRegisters(hex(json, o, "cr0"), hex(json, o, "cr2"), hex(json, o, "cr3"),
                hex(json, o, "cr4"), hex(json, o, "efer"), ControlRegisters.RFLAGS_FIXED);
        JsonElement g = o.get("gdtr");
        if (g == null || !g.isJsonObject()) {
            throw new VmmException(-1, json + ": field \"gdtr\" is missing or not an object {\"base\": ..., \"limit\": ...}");
        }
        long base = hex(json, g.getAsJsonObject(), "gdtr.base", "base");
        long limit = hex(json, g.getAsJsonObject(), "gdtr.limit", "limit");
        if (limit > GDTR_LIMIT_MAX) {
            throw new VmmException(-1, String.format("%s: field \"gdtr.limit\" is 0x%x, more than 16 bits", json, limit));
        }
        JsonElement m = o.get("mode");
        if (m == null || !m.isJsonPrimitive() || !m.getAsJsonPrimitive().isString()) {
            throw new VmmException(-1, json + ": field \"mode\" is missing or not a string");
        }
        String mode = m.getAsString();
        if (!mode.equals(regs.pagingModeName())) {
            throw new VmmException(-1, String.format("%s: field \"mode\" is \"%s\" but cr0, cr4 and efer select %s paging",
                    json, mode, regs.pagingModeName()));
        }
        long size;
        try {
            size = Files.size(ram);
        } catch (IOException e) {
            throw new VmmException(-1, ram + ": missing or unreadable (" + e.getClass().getSimpleName() + ")");
        }
        return new ImageHeader(dir, regs, new Gdtr(base, (int) limit), mode, size);
    }

    /** Strict JSON (Gson's JsonParser is lenient: it would take unquoted names and trailing garbage). */
    private static JsonElement parseStrict(Path file, String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = new Gson().getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new VmmException(-1, file + ": not valid JSON: text after the object at " + reader.getPath());
            }
            return root;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new VmmException(-1, file + ": not valid JSON: " + e.getMessage());
        }
    }

    private static long hex(Path file, JsonObject o, String field) {
        return hex(file, o, field, field);
    }

    private static long hex(Path file, JsonObject o, String name, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new VmmException(-1, file + ": field \"" + name + "\" is missing");
        }
        String s = e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
        if (s == null || !s.matches("0[xX][0-9a-fA-F]{1,16}")) {
            throw new VmmException(-1, file + ": field \"" + name + "\" is " + e + ", not a hex string like \"0x1000\"");
        }
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    static ImageHeader restore(Path dir, PhysicalMemory ram, ControlRegisters regs) {
        ImageHeader h = readHeader(dir);
        Path file = dir.resolve(ImageExport.RAM_FILE);
        long limit = ram.limit();
        long usableEnd = ImageExport.usableEnd(ram.memoryMap());
        if (h.ramBytes() != limit && h.ramBytes() != usableEnd) {
            throw new VmmException(-1, String.format("%s: 0x%x bytes, but an image of this machine is 0x%x bytes (up to "
                    + "the end of usable RAM) or 0x%x (its whole physical space, which ends at 0x%x)", file, h.ramBytes(),
                    usableEnd, limit, limit));
        }
        checkCr3(dir, h, ram);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            checkHoles(file, in, ram, h.ramBytes());
            copyIn(in, ram, h.ramBytes());
        } catch (IOException e) {
            throw new VmmException(-1, file + ": cannot read: " + e.getMessage(), e);
        }
        ControlRegisters r = h.registers();
        regs.setCr0(r.cr0());
        regs.setCr2(r.cr2());
        regs.setCr3(r.cr3());
        regs.setCr4(r.cr4());
        regs.setEfer(r.efer());
        return h;
    }

    private static void checkCr3(Path dir, ImageHeader h, PhysicalMemory ram) {
        if (h.mode().equals("none")) {
            return;
        }
        long cr3 = h.registers().cr3();
        long root;
        long bytes;
        switch (h.mode()) {
            case "32-bit" -> {
                root = cr3 & 0xfffff000L;
                bytes = PAGE;
            }
            case "pae" -> {
                root = cr3 & 0xffffffe0L;
                bytes = PAE_PDPT_BYTES;
            }
            default -> {
                root = cr3 & 0x000ffffffffff000L;
                bytes = PAGE;
            }
        }
        if (!ram.isInstalled(root) || !ram.isInstalled(root + bytes - 1)) {
            throw new VmmException(root, String.format("%s: field \"cr3\" is 0x%x, whose root table at 0x%x is outside "
                    + "installed RAM", dir.resolve(ImageExport.REGISTERS_FILE), cr3, root));
        }
    }

    /** Bytes of ram.bin over holes of the memory map must be zero: there is no RAM to put them in. */
    private static void checkHoles(Path file, RandomAccessFile in, PhysicalMemory ram, long imageBytes) throws IOException {
        byte[] buf = new byte[PhysicalMemory.CHUNK_SIZE];
        long at = 0;
        for (MemoryRegion r : ram.memoryMap().regions()) {
            checkZero(file, in, buf, Math.min(at, imageBytes), Math.min(r.base(), imageBytes));
            at = r.end();
        }
        checkZero(file, in, buf, Math.min(at, imageBytes), imageBytes);
    }

    private static void checkZero(Path file, RandomAccessFile in, byte[] buf, long from, long to) throws IOException {
        for (long pa = from; pa < to;) {
            int n = (int) Math.min(buf.length, to - pa);
            in.seek(pa);
            in.readFully(buf, 0, n);
            for (int i = 0; i < n; i++) {
                if (buf[i] != 0) {
                    throw new VmmException(pa + i, String.format("%s: byte 0x%02x at 0x%x lies in a hole of the memory "
                            + "map, where this machine has no RAM", file, buf[i] & 0xff, pa + i));
                }
            }
            pa += n;
        }
    }

    /**
     * Copies every installed byte; zero chunks are only written where RAM has backing, to keep it
     * sparse. Installed bytes past the end of a short image (beyond usable RAM) become zero.
     */
    private static void copyIn(RandomAccessFile in, PhysicalMemory ram, long imageBytes) throws IOException {
        long[] touched = ram.touchedChunks();
        byte[] buf = new byte[PhysicalMemory.CHUNK_SIZE];
        for (MemoryRegion r : ram.memoryMap().regions()) {
            long inImage = Math.min(r.end(), imageBytes);
            for (long pa = Math.max(r.base(), inImage); pa < r.end();) {
                long chunkEnd = (pa / PhysicalMemory.CHUNK_SIZE + 1) * PhysicalMemory.CHUNK_SIZE;
                long to = Math.min(chunkEnd, r.end());
                if (Arrays.binarySearch(touched, pa & -(long) PhysicalMemory.CHUNK_SIZE) >= 0) {
                    ram.fill(pa, to - pa, 0);
                }
                pa = to;
            }
            for (long pa = r.base(); pa < inImage;) {
                long chunkEnd = (pa / PhysicalMemory.CHUNK_SIZE + 1) * PhysicalMemory.CHUNK_SIZE;
                int n = (int) (Math.min(chunkEnd, inImage) - pa);
                in.seek(pa);
                in.readFully(buf, 0, n);
                if (!ImageExport.allZero(buf, n)) {
                    ram.write(pa, buf, 0, n);
                } else if (Arrays.binarySearch(touched, pa & -(long) PhysicalMemory.CHUNK_SIZE) >= 0) {
                    ram.fill(pa, n, 0);
                }
                pa += n;
            }
        }
    }
}
