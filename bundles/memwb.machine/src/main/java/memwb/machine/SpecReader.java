package memwb.machine;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import memwb.api.machine.MachineException;

/**
 * Reads machine specs with Gson, strictly: malformed JSON, an unknown field, or a value of the wrong
 * kind is a {@link MachineException} naming the source, the line and the field's JSON path.
 */
final class SpecReader {
    private static final Pattern LOCATION = Pattern.compile("line (\\d+) column \\d+ path (\\S+)");

    private SpecReader() {
    }

    /** The spec and where it came from, with the line of every field read. */
    record Result(MachineSpec spec, SpecSource source) {
    }

    static Result read(String json, String source) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        Gson gson = new GsonBuilder().registerTypeAdapterFactory(new StrictFields(source, lines)).create();
        JsonReader reader = new JsonReader(new StringReader(json));
        try {
            MachineSpec spec = gson.fromJson(reader, MachineSpec.class);
            if (spec == null) {
                throw new MachineException(source + ": empty machine spec");
            }
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MachineException(source + ":" + line(reader) + ": text after the end of the spec");
            }
            return new Result(spec, new SpecSource(source, lines));
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new MachineException(source + ": malformed JSON: " + clean(e.getMessage()), e);
        }
    }

    static int line(JsonReader reader) {
        Matcher m = LOCATION.matcher(reader.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String path(JsonReader reader) {
        return reader.getPath();
    }

    private static String clean(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "")
                .replaceAll("\\s*See https://\\S+", "").trim();
    }

    /**
     * Reads objects of the spec classes field by field, so an unknown name is reported where it
     * stands, and so a wrong value names its field and line (Gson's reflective reader does neither).
     */
    private static final class StrictFields implements TypeAdapterFactory {
        private final String source;
        private final Map<String, Integer> lines;

        StrictFields(String source, Map<String, Integer> lines) {
            this.source = source;
            this.lines = lines;
        }

        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (raw != MachineSpec.class && raw.getEnclosingClass() != MachineSpec.class) {
                return null;
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Field f : raw.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    fields.put(f.getName(), f);
                }
            }
            return new TypeAdapter<T>() {
                @Override
                public void write(JsonWriter out, T value) {
                    throw new UnsupportedOperationException("specs are only read");
                }

                @Override
                @SuppressWarnings("unchecked")
                public T read(JsonReader in) throws IOException {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                        return null;
                    }
                    if (in.peek() != JsonToken.BEGIN_OBJECT) {
                        throw new MachineException(source + ":" + line(in) + ": " + path(in) + " must be an object, found "
                                + in.peek().name().toLowerCase());
                    }
                    T obj;
                    try {
                        obj = (T) raw.getDeclaredConstructor().newInstance();
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                    in.beginObject();
                    while (in.hasNext()) {
                        int line = line(in);
                        String name = in.nextName();
                        Field f = fields.get(name);
                        if (f == null) {
                            throw new MachineException(source + ":" + line + ": unknown field \"" + name + "\" at "
                                    + parentPath(in) + "; known fields: " + String.join(", ", fields.keySet()));
                        }
                        String where = path(in);
                        lines.put(where.startsWith("$.") ? where.substring(2) : where, line);
                        Object value;
                        try {
                            value = gson.getAdapter(TypeToken.get(f.getGenericType())).read(in);
                        } catch (IllegalStateException | JsonParseException | NumberFormatException e) {
                            throw new MachineException(source + ":" + line + ": field " + where + ": " + clean(e.getMessage()));
                        }
                        try {
                            f.set(obj, value);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    in.endObject();
                    return obj;
                }
            };
        }

        private static String parentPath(JsonReader in) {
            String p = in.getPath();
            int dot = p.lastIndexOf('.');
            return dot <= 0 ? "$" : p.substring(0, dot);
        }
    }
}
