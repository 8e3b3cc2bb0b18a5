package memwb.ram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/**
 * The /sys/firmware/memmap layout: subdirectories 0, 1, 2, ... each holding {@code start} and
 * {@code end} (inclusive, hex such as {@code 0x9fbff}) and {@code type} ("System RAM", "Reserved", ...).
 */
final class SysfsMemmap {
    private static final String DECIMAL = "\\d{1,9}";

    private SysfsMemmap() {
    }

    /**
     * The regions in the numbered subdirectories of {@code dir}, in numeric order; other entries are ignored.
     *
     * @throws MemoryMapException naming the file that is missing, unreadable or holds a bad number,
     *         or naming {@code dir} if it is not a directory or has no numbered subdirectory
     */
    static List<MemoryRegion> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MemoryMapException(dir.toString(), 0, "not a directory");
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(p -> p.getFileName().toString().matches(DECIMAL) && Files.isDirectory(p))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new MemoryMapException(dir.toString(), 0, "cannot list: " + e);
        }
        if (entries.isEmpty()) {
            throw new MemoryMapException(dir.toString(), 0,
                    "no numbered region directories (expected 0/, 1/, ... each with start, end and type)");
        }
        List<MemoryRegion> regions = new ArrayList<>();
        for (Path entry : entries) {
            long start = hexFile(entry.resolve("start"));
            long end = hexFile(entry.resolve("end"));
            RegionType type = RegionTypeNames.fromSysfs(readFile(entry.resolve("type")));
            regions.add(RawRegions.inclusive(start, end, type, entry.toString(), 0,
                    String.format("start 0x%x end 0x%x", start, end)));
        }
        return regions;
    }

    /**
     * Writes {@code map} as numbered subdirectories of {@code dir}, creating it if needed.
     *
     * @throws MemoryMapException naming {@code dir} if it already has entries (nothing is written) or
     *         cannot be written
     */
    static void write(MemoryMap map, Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> existing = Files.list(dir)) {
                if (existing.findAny().isPresent()) {
                    throw new MemoryMapException(dir.toString(), 0,
                            "not empty; a memory map is written only into an empty directory");
                }
            }
            List<MemoryRegion> regions = map.regions();
            for (int i = 0; i < regions.size(); i++) {
                MemoryRegion r = regions.get(i);
                Path entry = Files.createDirectory(dir.resolve(Integer.toString(i)));
                Files.writeString(entry.resolve("start"), String.format("0x%x%n", r.base()));
                Files.writeString(entry.resolve("end"), String.format("0x%x%n", r.last()));
                Files.writeString(entry.resolve("type"), RegionTypeNames.sysfsName(r.type()) + "\n");
            }
        } catch (IOException e) {
            throw new MemoryMapException(dir.toString(), 0, "cannot write: " + e);
        }
    }

    private static long hexFile(Path file) {
        String text = readFile(file);
        try {
            return RawRegions.parseHex(text);
        } catch (NumberFormatException e) {
            throw new MemoryMapException(file.toString(), 1, e.getMessage());
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new MemoryMapException(file.toString(), 0, "missing");
        } catch (IOException e) {
            throw new MemoryMapException(file.toString(), 0, "cannot read: " + e);
        }
    }
}
