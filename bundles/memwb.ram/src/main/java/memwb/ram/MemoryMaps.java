package memwb.ram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.MemoryRegion;

/**
 * Every memory map format the workbench reads and writes, each parse followed by normalisation (see
 * {@link MapNormaliser}). Unknown E820 type numbers ("type 9") are read as reserved, as Linux does.
 */
public class MemoryMaps implements MemoryMapFormat {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    @Override
    public MemoryMap normalise(List<MemoryRegion> raw, String source) {
        return MapNormaliser.normalise(Objects.requireNonNull(raw, "raw"), source);
    }

    /** @throws MemoryMapException at source:line for a {@code BIOS-e820:} line with garbage, or if none is found */
    @Override
    public MemoryMap parseE820(String text, String source) {
        return normalise(E820Text.parseDmesg(text, source), source);
    }

    /**
     * The workbench's table: {@code <start> <end, inclusive> <type>} per line, hex addresses, Linux
     * type words, {@code #} comments.
     *
     * @throws MemoryMapException at source:line for a line that is not a region
     */
    public MemoryMap parseTable(String text, String source) {
        return normalise(E820Text.parseTable(text, source), source);
    }

    /** @throws MemoryMapException naming the file that is missing or holds a bad value */
    @Override
    public MemoryMap parseSysfs(Path dir) {
        return normalise(SysfsMemmap.read(dir), dir.toString());
    }

    /** @throws MemoryMapException naming the source, entry index, field and (where Gson knows it) line */
    @Override
    public MemoryMap parseMultibootJson(String json, String source) {
        return normalise(MultibootJson.parse(json, source), source);
    }

    /**
     * Reads {@code file} in the format its content shows: a directory is sysfs; text with a
     * {@code BIOS-e820} line is dmesg (checked first, as dmesg lines start with a '[' timestamp); text
     * starting with '[' or '{' is JSON; anything else is the table format.
     *
     * @throws MemoryMapException naming the file if it cannot be read or parsed
     */
    @Override
    public MemoryMap parse(Path file) {
        if (Files.isDirectory(file)) {
            return parseSysfs(file);
        }
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MemoryMapException(source, 0, "cannot read: " + e);
        }
        String body = text.isEmpty() || text.charAt(0) != BYTE_ORDER_MARK ? text : text.substring(1);
        if (body.contains(E820Text.E820_MARK)) {
            return parseE820(body, source);
        }
        String start = body.stripLeading();
        if (start.startsWith("[") || start.startsWith("{")) {
            return parseMultibootJson(body, source);
        }
        return parseTable(body, source);
    }

    @Override
    public String formatE820(MemoryMap map) {
        return E820Text.format(map);
    }

    @Override
    public String formatMultibootJson(MemoryMap map) {
        return MultibootJson.format(map);
    }

    /** @throws MemoryMapException naming {@code dir} if it is not empty or cannot be written */
    @Override
    public void writeSysfs(MemoryMap map, Path dir) {
        SysfsMemmap.write(map, dir);
    }
}
