package memwb.api.ram;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads, normalises and writes firmware memory maps in the formats people paste: Linux's
 * {@code BIOS-e820:} lines, a {@code /sys/firmware/memmap} directory, multiboot-style JSON and the
 * workbench's own {@code start end type} table. Every parse error names the source and line.
 */
@org.osgi.annotation.versioning.ProviderType
public interface MemoryMapFormat {
    /**
     * Sorts, resolves overlaps to the stricter type, merges neighbours of one type, rounds usable
     * regions inward and the others outward to 4 KiB.
     *
     * @throws MemoryMapException if no usable memory remains
     */
    MemoryMap normalise(List<MemoryRegion> raw, String source);

    /** Linux dmesg text: every {@code BIOS-e820: [mem 0x..-0x..] type} line; other text is ignored. */
    MemoryMap parseE820(String text, String source);

    /** A {@code /sys/firmware/memmap} directory: numbered subdirectories with start, end and type. */
    MemoryMap parseSysfs(Path dir);

    /** Multiboot-style JSON: {@code [{"base_addr": "0x..", "length": "0x..", "type": 1}, ...]}. */
    MemoryMap parseMultibootJson(String json, String source);

    /** Any of the above, detected from the content (a directory is read as sysfs). */
    MemoryMap parse(Path file);

    /** Linux wording, one {@code BIOS-e820: [mem 0x%016x-0x%016x] type} line per region. */
    String formatE820(MemoryMap map);

    /** The multiboot-style JSON {@link #parseMultibootJson} reads. */
    String formatMultibootJson(MemoryMap map);

    /** Writes a {@code /sys/firmware/memmap}-style directory that {@link #parseSysfs} reads back. */
    void writeSysfs(MemoryMap map, Path dir);
}
