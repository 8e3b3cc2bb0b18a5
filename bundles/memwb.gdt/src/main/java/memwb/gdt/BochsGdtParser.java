package memwb.gdt;

import static memwb.gdt.DescriptorBits.SLOT_BYTES;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.SegmentDescriptor;

/**
 * Reads Bochs {@code info gdt} output back into entries. Accepts current lines ({@code gdt[0x0010]=},
 * by selector), Bochs 2.6 lines ({@code GDT[0x0010]=}, four digits, by selector) and older ones
 * ({@code GDT[0x02]=}, by index), either header, the closing hint, {@code <bochs:N>} prompts and blank
 * lines. Fields Bochs does not print come back in the form {@link BochsVisible} describes.
 */
final class BochsGdtParser {
    private static final String HEX = "([0-9a-fA-F]+)";
    private static final Pattern HEADER = Pattern.compile(
            "(?:gdt|" + BochsWords.OLD_HEADER_WORDS + ") \\(base=0x" + HEX + ", limit=(\\d+)\\):");
    private static final Pattern PROMPT = Pattern.compile("<bochs:\\d+>.*");
    private static final Pattern ENTRY = Pattern.compile("(gdt|GDT)\\[0x" + HEX + "\\]=(.*)");
    private static final Pattern CODE = Pattern.compile("Code segment, base=0x" + HEX + ", limit=0x" + HEX
            + ", (Execute/Read|Execute-Only), (Conforming|Non-Conforming)(, Accessed)?, (16|32|64)-bit");
    private static final Pattern DATA = Pattern.compile("Data segment, base=0x" + HEX + ", limit=0x" + HEX
            + ", (Read/Write|Read-Only)(, Expand-down)?(, Accessed)?");
    private static final Pattern TSS = Pattern.compile("(.+?) at 0x" + HEX + ", length 0x" + HEX);
    private static final Pattern GATE = Pattern.compile("(.+?) target=0x" + HEX + ":0x" + HEX + ", DPL=([0-3])");
    private static final Pattern UNDEFINED = Pattern.compile("\\?\\?\\? descriptor hi=0x" + HEX + ", lo=0x" + HEX);
    /** Bochs 2.6 printed selectors with exactly four digits; older versions printed indices with two. */
    private static final int SELECTOR_DIGITS = 4;
    private static final int MAX_SLOTS = GdtMemory.MAX_TABLE_BYTES / SLOT_BYTES;
    private static final int PRESENT_SYSTEM = SegmentDescriptor.ACCESS_PRESENT;
    private static final int PRESENT_SEGMENT = SegmentDescriptor.ACCESS_PRESENT | SegmentDescriptor.ACCESS_CODE_OR_DATA;

    private BochsGdtParser() {
    }

    /** One {@code gdt[..]=} line, before its descriptor is rebuilt; {@code limit} is the last header's, or -1. */
    private record EntryLine(int lineNo, String text, int index, String body, long limit) {
    }

    /**
     * The entries of {@code text}, in order. An {@code LDT} line is a 16-byte long-mode LDT when the
     * listing shows long mode (a 64-bit TSS or a 64-bit code segment), the next entry does not sit
     * in the very next slot, and the header's limit (if any) leaves room for 16 bytes.
     *
     * @throws DescriptorException naming the 1-based line number and its text for any line that is
     *         not Bochs output, a value out of range, or entries out of order or overlapping
     */
    static List<GdtEntry> parse(String text) {
        List<EntryLine> lines = entryLines(text);
        boolean longModeListing = text.contains(BochsWords.TSS_64_AVAILABLE) || text.contains(BochsWords.TSS_64_BUSY)
                || Pattern.compile(", 64-bit\\s*$", Pattern.MULTILINE).matcher(text).find();
        List<GdtEntry> entries = new ArrayList<>();
        int nextFree = 0;
        for (int i = 0; i < lines.size(); i++) {
            EntryLine l = lines.get(i);
            boolean roomForWide = (i + 1 == lines.size() || lines.get(i + 1).index() != l.index() + 1)
                    && (l.limit() < 0 || (l.index() + 2L) * SLOT_BYTES - 1 <= l.limit());
            GdtEntry e = entry(l.index(), l.body(), longModeListing && roomForWide, l.lineNo(), l.text());
            int slots = e.wide() ? 2 : 1;
            if (l.index() < nextFree) {
                throw malformed(l.lineNo(), l.text(), "index " + l.index() + " is not after slot " + (nextFree - 1)
                        + " of the entry before");
            }
            if (l.index() + slots > MAX_SLOTS) {
                throw malformed(l.lineNo(), l.text(), "index " + l.index() + " is past the 65536-byte GDT maximum");
            }
            nextFree = l.index() + slots;
            entries.add(e);
        }
        return entries;
    }

    /** Every entry line with its index; skips blank lines, headers, prompts and the closing hint. */
    private static List<EntryLine> entryLines(String text) {
        String[] lines = text.split("\n", -1);
        List<EntryLine> result = new ArrayList<>();
        long limit = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                String digits = header.group(2);
                if (digits.length() > 5 || Integer.parseInt(digits) >= GdtMemory.MAX_TABLE_BYTES) {
                    throw malformed(lineNo, lines[i], "GDTR limit " + digits + " is over 65535");
                }
                limit = Integer.parseInt(digits);
                continue;
            }
            if (line.isEmpty() || line.equals(BochsWords.TRAILER) || PROMPT.matcher(line).matches()) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                throw malformed(lineNo, lines[i], "not a Bochs info gdt line");
            }
            int index = index(m.group(1), m.group(2), lineNo, lines[i]);
            result.add(new EntryLine(lineNo, lines[i], index, m.group(3), limit));
        }
        return result;
    }

    private static int index(String name, String digits, int lineNo, String line) {
        long value = number(digits, lineNo, line);
        boolean bySelector = name.equals("gdt") || digits.length() == SELECTOR_DIGITS;
        if (!bySelector) {
            if (value >= MAX_SLOTS) {
                throw malformed(lineNo, line, "index " + DescriptorBits.hex(value) + " is past the 8192-slot maximum");
            }
            return (int) value;
        }
        if (value % SLOT_BYTES != 0 || value >= GdtMemory.MAX_TABLE_BYTES) {
            throw malformed(lineNo, line, "selector " + DescriptorBits.hex(value)
                    + " is not a multiple of 8 below 0x10000");
        }
        return (int) (value / SLOT_BYTES);
    }

    private static GdtEntry entry(int index, String body, boolean ldtIsWide, int lineNo, String line) {
        String b = body.strip();
        if (b.equals(BochsWords.NULL_ENTRY)) {
            return new GdtEntry(index, SegmentDescriptor.NULL, false);
        }
        if (b.equals(BochsWords.TSS_64_AVAILABLE) || b.equals(BochsWords.TSS_64_BUSY)) {
            int type = b.equals(BochsWords.TSS_64_AVAILABLE) ? SegmentDescriptor.TYPE_TSS_AVAILABLE : SegmentDescriptor.TYPE_TSS_BUSY;
            return new GdtEntry(index, new SegmentDescriptor(0, 0, PRESENT_SYSTEM | type, 0), true);
        }
        if (b.equals(BochsWords.LDT_64)) {
            return new GdtEntry(index, new SegmentDescriptor(0, 0, PRESENT_SYSTEM | SegmentDescriptor.TYPE_LDT, 0),
                    ldtIsWide);
        }
        Matcher m;
        if ((m = CODE.matcher(b)).matches()) {
            return new GdtEntry(index, code(m, lineNo, line), false);
        }
        if ((m = DATA.matcher(b)).matches()) {
            return new GdtEntry(index, data(m, lineNo, line), false);
        }
        if ((m = TSS.matcher(b)).matches()) {
            int type = systemType(m.group(1), lineNo, line);
            if (!BochsWords.isTss(type)) {
                throw malformed(lineNo, line, "\"" + m.group(1) + "\" is not a TSS");
            }
            long base = bounded(m.group(2), DescriptorBits.BASE32_MAX, "base", lineNo, line);
            int limit = (int) bounded(m.group(3), DescriptorBits.LIMIT_MAX, "length", lineNo, line);
            return new GdtEntry(index, new SegmentDescriptor(base, limit, PRESENT_SYSTEM | type, 0), false);
        }
        if ((m = GATE.matcher(b)).matches()) {
            int type = systemType(m.group(1), lineNo, line);
            if (!BochsWords.isGate(type)) {
                throw malformed(lineNo, line, "\"" + m.group(1) + "\" is not a gate");
            }
            long selector = bounded(m.group(2), 0xFFFF, "target selector", lineNo, line);
            long offset = bounded(m.group(3), DescriptorBits.BASE32_MAX, "target offset", lineNo, line);
            int dpl = Integer.parseInt(m.group(4));
            long lo = (selector << 16) | (offset & 0xFFFF);
            long hi = (offset & 0xFFFF_0000L) | ((long) (PRESENT_SYSTEM | dpl << 5 | type) << 8);
            return new GdtEntry(index, DescriptorBits.unpack(hi << 32 | lo), false);
        }
        if ((m = UNDEFINED.matcher(b)).matches()) {
            long hi = bounded(m.group(1), DescriptorBits.BASE32_MAX, "hi", lineNo, line);
            long lo = bounded(m.group(2), DescriptorBits.BASE32_MAX, "lo", lineNo, line);
            return new GdtEntry(index, DescriptorBits.unpack(hi << 32 | lo), false);
        }
        throw malformed(lineNo, line, "unknown descriptor text \"" + b + "\"");
    }

    private static SegmentDescriptor code(Matcher m, int lineNo, String line) {
        long base = bounded(m.group(1), DescriptorBits.BASE32_MAX, "base", lineNo, line);
        long limit = bounded(m.group(2), DescriptorBits.BASE32_MAX, "limit", lineNo, line);
        int type = SegmentDescriptor.ACCESS_EXECUTABLE
                | (m.group(3).equals("Execute/Read") ? SegmentDescriptor.ACCESS_READ_WRITE : 0)
                | (m.group(4).equals("Conforming") ? SegmentDescriptor.ACCESS_DIRECTION_CONFORMING : 0)
                | (m.group(5) != null ? SegmentDescriptor.ACCESS_ACCESSED : 0);
        int size = switch (m.group(6)) {
            case "64" -> SegmentDescriptor.FLAG_LONG;
            case "32" -> SegmentDescriptor.FLAG_DEFAULT_SIZE;
            default -> 0;
        };
        return segment(base, limit, PRESENT_SEGMENT | type, size, lineNo, line);
    }

    private static SegmentDescriptor data(Matcher m, int lineNo, String line) {
        long base = bounded(m.group(1), DescriptorBits.BASE32_MAX, "base", lineNo, line);
        long limit = bounded(m.group(2), DescriptorBits.BASE32_MAX, "limit", lineNo, line);
        int type = (m.group(3).equals("Read/Write") ? SegmentDescriptor.ACCESS_READ_WRITE : 0)
                | (m.group(4) != null ? SegmentDescriptor.ACCESS_DIRECTION_CONFORMING : 0)
                | (m.group(5) != null ? SegmentDescriptor.ACCESS_ACCESSED : 0);
        return segment(base, limit, PRESENT_SEGMENT | type, -1, lineNo, line);
    }

    /** Raw limit and G from the printed byte limit; {@code size} -1 means a data segment (B follows G). */
    private static SegmentDescriptor segment(long base, long effectiveLimit, int access, int size, int lineNo, String line) {
        try {
            return BochsVisible.segment(base, effectiveLimit, access, size);
        } catch (DescriptorException e) {
            throw malformed(lineNo, line, e.getMessage());
        }
    }

    private static int systemType(String name, int lineNo, String line) {
        for (int type = 0; type < BochsWords.SYSTEM_TYPE_NAMES.length; type++) {
            if (!BochsWords.SYSTEM_TYPE_NAMES[type].equals(BochsWords.UNDEFINED)
                    && BochsWords.SYSTEM_TYPE_NAMES[type].equals(name)) {
                return type;
            }
        }
        throw malformed(lineNo, line, "unknown system descriptor type \"" + name + "\"");
    }

    private static long bounded(String digits, long max, String field, int lineNo, String line) {
        long value = number(digits, lineNo, line);
        if (value > max) {
            throw malformed(lineNo, line, field + " " + DescriptorBits.hex(value) + " is over its maximum "
                    + DescriptorBits.hex(max));
        }
        return value;
    }

    private static long number(String digits, int lineNo, String line) {
        if (digits.length() > 16) {
            throw malformed(lineNo, line, "number 0x" + digits + " is over 64 bits");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private static DescriptorException malformed(int lineNo, String line, String why) {
        return new DescriptorException("line " + lineNo + ": " + why + ": \"" + line + "\"");
    }
}
