package memwb.vmm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.GsonBuilder;

import memwb.api.gdt.Gdtr;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.VmmException;

/**
 * Writes a machine image: ram.bin (physical memory from address 0 to the RAM's limit; only touched,
 * non-zero chunks are written, so untouched memory stays a hole in a sparse file), registers.json,
 * and qemu.txt / qemu.gdb (see {@link QemuScript}).
 */
final class ImageExport {
    static final String RAM_FILE = "ram.bin";
    static final String REGISTERS_FILE = "registers.json";
    static final String QEMU_FILE = "qemu.txt";
    static final String GDB_FILE = "qemu.gdb";

    private ImageExport() {
    }

    static void export(Path dir, PhysicalMemory ram, ControlRegisters regs, Gdtr gdtr, String mode) {
        if (!regs.pagingModeName().equals(mode)) {
            throw new VmmException(-1, "mode \"" + mode + "\" does not match the registers, which select "
                    + regs.pagingModeName() + " paging");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VmmException(-1, dir + ": cannot create the directory: " + e.getMessage(), e);
        }
        writeRam(dir.resolve(RAM_FILE), ram);
        write(dir.resolve(REGISTERS_FILE), registersJson(regs, gdtr, mode));
        write(dir.resolve(GDB_FILE), QemuScript.gdb(regs));
        write(dir.resolve(QEMU_FILE), QemuScript.instructions(imageEnd(ram), regs, gdtr, mode));
    }

    /** One past the last byte of the last usable region of the map. */
    static long usableEnd(memwb.api.ram.MemoryMap map) {
        long end = 0;
        for (MemoryRegion r : map.regions()) {
            if (r.type() == memwb.api.ram.RegionType.USABLE) {
                end = Math.max(end, r.end());
            }
        }
        return end;
    }

    /**
     * Where ram.bin ends: at the end of usable RAM, unless some byte beyond it holds data (then at
     * the RAM's limit). A PC map ends with the BIOS ROM alias just below 4 GiB; leaving it out keeps
     * an image of a small machine small enough for QEMU's loader (under 2 GiB) and its -m.
     */
    static long imageEnd(PhysicalMemory ram) {
        long usableEnd = usableEnd(ram.memoryMap());
        byte[] buf = new byte[PhysicalMemory.CHUNK_SIZE];
        for (long chunk : ram.touchedChunks()) {
            long end = Math.min(chunk + PhysicalMemory.CHUNK_SIZE, ram.limit());
            for (MemoryRegion r : ram.memoryMap().regions()) {
                long from = Math.max(Math.max(chunk, r.base()), usableEnd);
                long to = Math.min(end, r.end());
                if (from < to) {
                    ram.read(from, buf, 0, (int) (to - from));
                    if (!allZero(buf, (int) (to - from))) {
                        return ram.limit();
                    }
                }
            }
        }
        return usableEnd;
    }

    private static void writeRam(Path file, PhysicalMemory ram) {
        long limit = imageEnd(ram);
        byte[] buf = new byte[PhysicalMemory.CHUNK_SIZE];
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0); // drop an older image's blocks
            out.setLength(limit);
            for (long chunk : ram.touchedChunks()) {
                long end = Math.min(chunk + PhysicalMemory.CHUNK_SIZE, limit);
                for (MemoryRegion r : ram.memoryMap().regions()) {
                    long from = Math.max(chunk, r.base());
                    long to = Math.min(end, r.end());
                    if (from >= to) {
                        continue;
                    }
                    int n = (int) (to - from);
                    ram.read(from, buf, 0, n);
                    if (!allZero(buf, n)) {
                        out.seek(from);
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new VmmException(-1, file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static boolean allZero(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static String registersJson(ControlRegisters regs, Gdtr gdtr, String mode) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cr0", hex(regs.cr0()));
        json.put("cr2", hex(regs.cr2()));
        json.put("cr3", hex(regs.cr3()));
        json.put("cr4", hex(regs.cr4()));
        json.put("efer", hex(regs.efer()));
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("base", hex(gdtr.base()));
        g.put("limit", hex(gdtr.limit() & 0xffffL));
        json.put("gdtr", g);
        json.put("mode", mode);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n";
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmmException(-1, file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
