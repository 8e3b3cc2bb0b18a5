package memwb.ram;

import java.math.BigInteger;
import java.util.regex.Pattern;

import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/** Checked construction of regions from parsed numbers, with errors that name where they came from. */
final class RawRegions {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final int MAX_HEX_DIGITS = 16;
    private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-fA-F]+");

    private RawRegions() {
    }

    /**
     * A 64-bit unsigned number written in hex, with or without {@code 0x}.
     *
     * @throws NumberFormatException saying what is wrong with {@code text}
     */
    static long parseHex(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (!HEX_DIGITS.matcher(digits).matches()) {
            throw new NumberFormatException("bad hex number '" + text + "'");
        }
        if (digits.replaceFirst("^0+(?=.)", "").length() > MAX_HEX_DIGITS) {
            throw new NumberFormatException("hex number '" + text + "' does not fit in 64 bits");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    /**
     * The region {@code [start, last]} (inclusive, as Linux prints), both unsigned 64-bit.
     *
     * @throws MemoryMapException at {@code source:line} if last is below start or past 2^52
     */
    static MemoryRegion inclusive(long start, long last, RegionType type, String source, int line, String text) {
        if (Long.compareUnsigned(last, start) < 0) {
            throw new MemoryMapException(source, line, String.format(
                    "end 0x%x is below start 0x%x: %s", last, start, text));
        }
        if (Long.compareUnsigned(last, AddressLimits.PHYSICAL_LIMIT - 1) > 0) {
            throw new MemoryMapException(source, line, String.format(
                    "region 0x%x-0x%x reaches past the 2^52-byte physical address space: %s",
                    start, last, text));
        }
        return new MemoryRegion(start, last - start + 1, type);
    }

    /**
     * The region {@code [base, base + length)} from unbounded non-negative numbers.
     *
     * @throws MemoryMapException at {@code source:line} naming {@code where} if the length is zero or
     *         the end passes 2^64 or 2^52
     */
    static MemoryRegion sized(BigInteger base, BigInteger length, RegionType type, String source, int line,
            String where) {
        if (length.signum() == 0) {
            throw new MemoryMapException(source, line, where + ": zero-length region at 0x" + base.toString(16));
        }
        BigInteger end = base.add(length);
        if (end.compareTo(TWO_TO_64) > 0) {
            throw new MemoryMapException(source, line, String.format(
                    "%s: region 0x%x + 0x%x overflows 64 bits", where, base, length));
        }
        if (end.compareTo(BigInteger.valueOf(AddressLimits.PHYSICAL_LIMIT)) > 0) {
            throw new MemoryMapException(source, line, String.format(
                    "%s: region 0x%x + 0x%x reaches past the 2^52-byte physical address space",
                    where, base, length));
        }
        return new MemoryRegion(base.longValueExact(), length.longValueExact(), type);
    }
}
