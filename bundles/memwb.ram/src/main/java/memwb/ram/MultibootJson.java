package memwb.ram;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/**
 * Multiboot-style JSON maps: an array of {@code {"base_addr": "0x..", "length": "0x..", "type": 1}}.
 * Values may be hex or decimal strings or JSON integers. Types 1..5 are the E820 ones; any other
 * positive number is reserved, as the multiboot specification says. Other fields are ignored.
 */
final class MultibootJson {
    private static final String BASE = "base_addr";
    private static final String LENGTH = "length";
    private static final String TYPE = "type";
    private static final List<String> FIELDS = List.of(BASE, LENGTH, TYPE);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final String LENIENT_ADVICE =
            "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";
    private static final Pattern GSON_LINE = Pattern.compile(" at line (\\d+) column ");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");

    private MultibootJson() {
    }

    /**
     * The regions of a JSON array of region objects.
     *
     * @throws MemoryMapException naming the source, the entry index and the field, at the line Gson
     *         reports, for malformed JSON or a missing or invalid field
     */
    static List<MemoryRegion> parse(String json, String source) {
        JsonReader in = new JsonReader(new StringReader(json));
        in.setStrictness(Strictness.STRICT);
        List<MemoryRegion> regions = new ArrayList<>();
        try {
            if (in.peek() != JsonToken.BEGIN_ARRAY) {
                throw error(in, source, "expected a JSON array of regions, found " + in.peek());
            }
            in.beginArray();
            while (in.hasNext()) {
                regions.add(entry(in, source, regions.size()));
            }
            in.endArray();
            if (!atEnd(in)) {
                throw error(in, source, "unexpected content after the array");
            }
        } catch (IOException | IllegalStateException e) {
            // Gson's syntax errors (MalformedJsonException, EOFException) carry "at line N column M".
            String message = String.valueOf(e.getMessage());
            throw new MemoryMapException(source, lineOf(message), "malformed JSON: " + plain(message));
        }
        return regions;
    }

    /** The array {@link #parse} reads, values as hex strings and the type as its number. */
    static String format(MemoryMap map) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setIndent("  ");
            out.beginArray();
            for (MemoryRegion r : map.regions()) {
                out.beginObject();
                out.name(BASE).value("0x" + Long.toHexString(r.base()));
                out.name(LENGTH).value("0x" + Long.toHexString(r.length()));
                out.name(TYPE).value(r.type().e820Code());
                out.endObject();
            }
            out.endArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return text + "\n";
    }

    private static MemoryRegion entry(JsonReader in, String source, int index) throws IOException {
        String where = "entry [" + index + "]";
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            throw error(in, source, where + ": expected an object with base_addr, length and type, found "
                    + in.peek());
        }
        in.beginObject();
        Map<String, BigInteger> values = new HashMap<>();
        while (in.hasNext()) {
            String name = in.nextName();
            if (!FIELDS.contains(name)) {
                in.skipValue();
                continue;
            }
            String field = where + " field \"" + name + "\"";
            if (values.containsKey(name)) {
                throw error(in, source, field + " appears twice");
            }
            JsonToken token = in.peek();
            if (token != JsonToken.STRING && token != JsonToken.NUMBER) {
                throw error(in, source, field + ": expected a number or a \"0x..\" string, found " + token);
            }
            String text = in.nextString();
            values.put(name, number(text).orElseThrow(() -> error(in, source,
                    field + ": '" + text + "' is not a non-negative integer below 2^64")));
        }
        for (String name : FIELDS) {
            if (!values.containsKey(name)) {
                throw error(in, source, where + ": missing field \"" + name + "\"");
            }
        }
        in.endObject();
        RegionType type = type(values.get(TYPE)).orElseThrow(() -> error(in, source,
                where + " field \"type\": " + values.get(TYPE) + " is not a memory type (multiboot types start at 1)"));
        return RawRegions.sized(values.get(BASE), values.get(LENGTH), type, source, lineOf(in.toString()), where);
    }

    /** A decimal or 0x-hex integer in [0, 2^64), or empty. */
    private static Optional<BigInteger> number(String text) {
        BigInteger n;
        if (HEX.matcher(text).matches()) {
            n = new BigInteger(text.substring(2), 16);
        } else if (DECIMAL.matcher(text).matches()) {
            n = new BigInteger(text);
        } else {
            return Optional.empty();
        }
        return n.compareTo(TWO_TO_64) < 0 ? Optional.of(n) : Optional.empty();
    }

    private static Optional<RegionType> type(BigInteger code) {
        if (code.signum() == 0) {
            return Optional.empty();
        }
        if (code.bitLength() > 31) {
            return Optional.of(RegionType.RESERVED);
        }
        return Optional.of(RegionType.ofE820(code.intValue()).orElse(RegionType.RESERVED));
    }

    /** True if nothing but whitespace follows; a strict reader refuses to even peek at a second value. */
    private static boolean atEnd(JsonReader in) throws IOException {
        try {
            return in.peek() == JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException e) {
            return false;
        }
    }

    /** Gson's message without its advice to read leniently and its troubleshooting link. */
    private static String plain(String gsonMessage) {
        return gsonMessage.replace(LENIENT_ADVICE, "not valid JSON").replaceAll("\\s*See https?://\\S+$", "");
    }

    private static MemoryMapException error(JsonReader in, String source, String message) {
        return new MemoryMapException(source, lineOf(in.toString()), message);
    }

    /** The line number in a Gson message or JsonReader description, or 0 if it has none. */
    private static int lineOf(String gsonText) {
        Matcher m = GSON_LINE.matcher(gsonText);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
