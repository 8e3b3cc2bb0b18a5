package memwb.shell;

import java.util.Locale;

import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;

/**
 * QEMU's {@code xp /FMT ADDR} (monitor memory_dump), byte for byte: {@code /[count][format][size]}
 * with format x, d, u, o or c and size b, h, w or g. Like QEMU, format and size stick from one
 * command to the next, a hole prints "Cannot access memory" and ends the dump.
 */
final class MemoryDump {
    private char lastFormat = 'x';
    private int lastSize = 4;

    /** Fills {@code buf[0..length)} from {@code addr}, or returns why it cannot (the text to print instead). */
    interface Reader {
        String read(long addr, byte[] buf, int length);
    }

    /** Physical memory: a hole prints QEMU's "Cannot access memory". */
    static Reader physical(PhysicalMemory ram) {
        return (addr, buf, length) -> {
            try {
                ram.read(addr, buf, 0, length);
                return null;
            } catch (PhysicalAccessException e) {
                return " Cannot access memory";
            }
        };
    }

    /** Parses {@code /FMT} (or null for the defaults) and dumps physical {@code addr} (QEMU's xp). */
    synchronized String xp(PhysicalMemory ram, String fmt, long addr) {
        return x(physical(ram), fmt, addr);
    }

    /** Parses {@code /FMT} (or null for the defaults) and dumps {@code addr} through {@code reader}. */
    synchronized String x(Reader reader, String fmt, long addr) {
        int count = 1;
        char format = lastFormat;
        int size = lastSize;
        if (fmt != null) {
            if (!fmt.startsWith("/")) {
                throw new IllegalArgumentException("xp: format \"" + fmt + "\" must start with / (e.g. /16xb)");
            }
            int i = 1;
            int digitsEnd = i;
            while (digitsEnd < fmt.length() && Character.isDigit(fmt.charAt(digitsEnd))) {
                digitsEnd++;
            }
            if (digitsEnd > i) {
                count = Integer.parseInt(fmt.substring(i, digitsEnd));
            }
            for (i = digitsEnd; i < fmt.length(); i++) {
                char c = fmt.charAt(i);
                switch (c) {
                    case 'x', 'd', 'u', 'o', 'c' -> format = c;
                    case 'b' -> size = 1;
                    case 'h' -> size = 2;
                    case 'w' -> size = 4;
                    case 'g' -> size = 8;
                    default -> throw new IllegalArgumentException("xp: invalid char '" + c + "' in format \"" + fmt
                            + "\" (count, then x d u o c, then b h w g)");
                }
            }
        }
        lastFormat = format;
        lastSize = size;
        return dump(reader, count, format, size, addr);
    }

    static String dump(Reader reader, int count, char format, int wsize, long addr) {
        StringBuilder out = new StringBuilder();
        int len = wsize * count;
        int lineSize = wsize == 1 ? 8 : 16;
        int maxDigits = switch (format) {
            case 'o' -> (wsize * 8 + 2) / 3;
            case 'u', 'd' -> (wsize * 8 * 10 + 32) / 33;
            default -> (wsize * 8) / 4;
        };
        if (format == 'c') {
            wsize = 1;
        }
        byte[] buf = new byte[16];
        while (len > 0) {
            out.append(String.format(Locale.ROOT, "%016x:", addr));
            int l = Math.min(len, lineSize);
            String failure = reader.read(addr, buf, l);
            if (failure != null) {
                out.append(failure).append('\n');
                break;
            }
            for (int i = 0; i < l; i += wsize) {
                long v = 0;
                for (int b = wsize - 1; b >= 0; b--) {
                    v = (v << 8) | (buf[i + b] & 0xff);
                }
                out.append(' ');
                switch (format) {
                    case 'o' -> out.append(String.format(Locale.ROOT, "%" + maxDigits + "s", v == 0 ? "0" : "0" + Long.toOctalString(v)));
                    case 'u' -> out.append(String.format(Locale.ROOT, "%" + maxDigits + "s", Long.toUnsignedString(v)));
                    case 'd' -> out.append(String.format(Locale.ROOT, "%" + maxDigits + "d", v));
                    case 'c' -> out.append(printc((int) v));
                    default -> out.append(String.format(Locale.ROOT, "0x%0" + maxDigits + "x", v));
                }
            }
            out.append('\n');
            addr += l;
            len -= l;
        }
        return out.toString();
    }

    /** QEMU's monitor_printc: quoted, with C escapes for the unprintable. */
    static String printc(int c) {
        return "'" + switch (c) {
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> c >= 32 && c <= 126 ? Character.toString((char) c) : String.format(Locale.ROOT, "\\x%02x", c);
        } + "'";
    }
}
