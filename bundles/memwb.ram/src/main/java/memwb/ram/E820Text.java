package memwb.ram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/**
 * Text memory maps: the {@code BIOS-e820:} lines of a pasted dmesg, and the workbench's table of
 * {@code <start> <end, inclusive> <type>} lines with {@code #} comments. Ends are inclusive in both.
 */
final class E820Text {
    static final String E820_MARK = "BIOS-e820:";
    /** Loose on purpose, so that bad numbers get their own message rather than "malformed". */
    private static final Pattern E820_BODY = Pattern.compile("\\[mem\\s+([^\\]\\s-]*)-([^\\]\\s]*)\\]\\s*(.*)");
    private static final Pattern TABLE_LINE = Pattern.compile("(\\S+)\\s+(\\S+)\\s+(\\S.*)");
    private static final String E820_FORMAT = "BIOS-e820: [mem 0x%016x-0x%016x] %s%n";

    private E820Text() {
    }

    /**
     * The regions of every {@code BIOS-e820:} line in {@code text}; anything before the mark (a
     * timestamp) and every other line are ignored.
     *
     * @throws MemoryMapException at {@code source:line} for a mark followed by anything but
     *         {@code [mem 0xSTART-0xEND] TYPE}, and naming the source if there is no such line at all
     */
    static List<MemoryRegion> parseDmesg(String text, String source) {
        List<MemoryRegion> regions = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int mark = lines[i].indexOf(E820_MARK);
            if (mark < 0) {
                continue;
            }
            String line = lines[i].strip();
            Matcher m = E820_BODY.matcher(lines[i].substring(mark + E820_MARK.length()).strip());
            if (!m.matches()) {
                throw new MemoryMapException(source, i + 1,
                        "malformed e820 line, expected 'BIOS-e820: [mem 0xSTART-0xEND] TYPE': " + line);
            }
            regions.add(region(m.group(1), m.group(2), m.group(3), source, i + 1, line));
        }
        if (regions.isEmpty()) {
            throw new MemoryMapException(source, 0, "no '" + E820_MARK + "' lines found");
        }
        return regions;
    }

    /**
     * The regions of a {@code <start> <end> <type>} table; blank lines and {@code #} comments are skipped.
     *
     * @throws MemoryMapException at {@code source:line} for a line that is not a region, and naming
     *         the source if there is none
     */
    static List<MemoryRegion> parseTable(String text, String source) {
        List<MemoryRegion> regions = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int comment = lines[i].indexOf('#');
            String line = (comment < 0 ? lines[i] : lines[i].substring(0, comment)).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = TABLE_LINE.matcher(line);
            if (!m.matches()) {
                throw new MemoryMapException(source, i + 1,
                        "malformed map line, expected '0xSTART 0xEND TYPE' (end inclusive): " + line);
            }
            regions.add(region(m.group(1), m.group(2), m.group(3), source, i + 1, line));
        }
        if (regions.isEmpty()) {
            throw new MemoryMapException(source, 0, "no regions found (expected '0xSTART 0xEND TYPE' lines)");
        }
        return regions;
    }

    /** Linux's wording: one {@code BIOS-e820: [mem 0x%016x-0x%016x] type} line per region. */
    static String format(MemoryMap map) {
        StringBuilder out = new StringBuilder();
        for (MemoryRegion r : map.regions()) {
            out.append(String.format(E820_FORMAT, r.base(), r.last(), r.type().linuxName()));
        }
        return out.toString();
    }

    private static MemoryRegion region(String start, String end, String typeWord, String source, int line,
            String text) {
        long first;
        long last;
        try {
            first = RawRegions.parseHex(start);
            last = RawRegions.parseHex(end);
        } catch (NumberFormatException e) {
            throw new MemoryMapException(source, line, e.getMessage() + ": " + text);
        }
        RegionType type = RegionTypeNames.fromLinuxName(typeWord).orElseThrow(() -> new MemoryMapException(
                source, line, "unknown region type '" + typeWord.strip() + "' (expected usable, reserved, "
                        + "ACPI data, ACPI NVS, unusable or type N): " + text));
        return RawRegions.inclusive(first, last, type, source, line, text);
    }
}
