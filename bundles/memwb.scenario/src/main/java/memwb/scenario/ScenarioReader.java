package memwb.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

/**
 * Reads a scenario file strictly: an unknown field, a missing argument, an unknown operation or a
 * "$name" no earlier step keeps is an error naming the file, the step and the field.
 */
public final class ScenarioReader {
    /** The operations and the arguments each takes; required ones first, listed in {@link #REQUIRED}. */
    static final Map<String, List<String>> ARGS = new LinkedHashMap<>();
    static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();
    private static final Set<String> STEP_FIELDS = Set.of("do", "as", "expect", "why");
    private static final Set<String> EXPECT_FIELDS = Set.of("address", "value", "null", "fault", "gp", "frames",
            "tables", "tlb", "pageSize", "inHeap", "owner", "error");
    private static final Map<String, Set<String>> EXPECT_OBJECTS = Map.of("fault", Set.of("errorCode", "cr2"),
            "frames", Set.of("allocated", "free"));
    private static final Pattern REFERENCE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)");

    static {
        op("palloc", List.of(), "count", "align", "all");
        op("pfree", List.of("pa"), "count");
        op("malloc", List.of("size"));
        op("free", List.of("va"));
        op("realloc", List.of("va", "size"));
        op("calloc", List.of("count", "size"));
        op("map", List.of("va", "pa", "length"), "rights", "pageSize", "overwrite", "flush");
        op("unmap", List.of("va", "length"), "flush");
        op("protect", List.of("va", "length", "rights"), "flush");
        op("translate", List.of("va"), "access", "privilege");
        op("read", List.of("va"), "width", "privilege");
        op("write", List.of("va", "value"), "width", "privilege");
        op("invlpg", List.of("va"));
        op("cr3", List.of(), "value");
        op("cr0", List.of(), "value", "wp");
        op("use", List.of("what", "name"));
        op("space", List.of("verb", "name"));
        op("export", List.of("dir"));
        op("note", List.of(), "text");
        op("boot", List.of(), "machine", "machineFile");
    }

    private ScenarioReader() {
    }

    private static void op(String name, List<String> required, String... optional) {
        List<String> all = new ArrayList<>(required);
        all.addAll(List.of(optional));
        ARGS.put(name, all);
        REQUIRED.put(name, required);
    }

    /**
     * Reads {@code file}; a {@code machineFile} is relative to it.
     *
     * @throws ScenarioException naming the file, step number and field of the first problem
     */
    public static Scenario read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    /** Parses scenario JSON {@code text} as if read from {@code file} (which names it and anchors machineFile). */
    public static Scenario parse(String text, Path file) {
        JsonObject root;
        try {
            JsonReader reader = new JsonReader(new java.io.StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!e.isJsonObject()) {
                throw new ScenarioException(file + ": expected a JSON object {\"name\", \"machine\", \"steps\": [...]}");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new ScenarioException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        String where = file.toString();
        known(where, root, Set.of("name", "description", "machine", "machineFile", "steps"));
        String fallback = file.getFileName().toString().replaceFirst("\\.json$", "");
        String name = root.has("name") ? string(where, root, "name") : fallback;
        String description = root.has("description") ? string(where, root, "description") : "";
        Path machineFile = machineFile(where, file, root);
        String machineJson = machineFile == null ? root.get("machine").toString() : null;
        if (!root.has("steps") || !root.get("steps").isJsonArray()) {
            throw new ScenarioException(where + ": field \"steps\": missing or not an array of steps");
        }
        JsonArray array = root.getAsJsonArray("steps");
        List<Step> steps = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            steps.add(step(where + ": step " + (i + 1), file, i + 1, array.get(i), kept));
        }
        return new Scenario(name, description, file, machineJson, machineFile, steps);
    }

    /** The spec file "machineFile" names (it must be readable), or null for an inline "machine"; exactly one. */
    private static Path machineFile(String where, Path file, JsonObject o) {
        boolean inline = o.has("machine");
        boolean named = o.has("machineFile");
        if (inline == named) {
            throw new ScenarioException(where + ": give exactly one of \"machine\" (a spec object) and \"machineFile\"");
        }
        if (inline) {
            if (!o.get("machine").isJsonObject()) {
                throw new ScenarioException(where + ": field \"machine\": expected a machine spec object (docs/machine-spec.md)");
            }
            return null;
        }
        Path spec = resolve(file, string(where, o, "machineFile"));
        if (!Files.isReadable(spec)) {
            throw new ScenarioException(where + ": field \"machineFile\": cannot read " + spec);
        }
        return spec;
    }

    static Path resolve(Path scenario, String relative) {
        Path dir = scenario.toAbsolutePath().getParent();
        return dir.resolve(relative).normalize();
    }

    private static Step step(String where, Path file, int number, JsonElement e, Set<String> kept) {
        if (!e.isJsonObject()) {
            throw new ScenarioException(where + ": expected an object {\"do\": ..., ...}, found " + e);
        }
        JsonObject o = e.getAsJsonObject();
        if (!o.has("do")) {
            throw new ScenarioException(where + ": field \"do\": missing; one of " + String.join(", ", ARGS.keySet()));
        }
        String op = string(where, o, "do");
        List<String> args = ARGS.get(op);
        if (args == null) {
            throw new ScenarioException(where + ": field \"do\": unknown operation \"" + op + "\"; one of "
                    + String.join(", ", ARGS.keySet()));
        }
        where = where + " (" + op + ")";
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> f : o.entrySet()) {
            String key = f.getKey();
            if (STEP_FIELDS.contains(key)) {
                continue;
            }
            if (!args.contains(key)) {
                throw new ScenarioException(where + ": field \"" + key + "\": unknown; " + op + " takes "
                        + (args.isEmpty() ? "no arguments" : String.join(", ", args)) + " (and do, as, expect, why)");
            }
            values.put(key, argument(where, file, key, f.getValue(), kept));
        }
        for (String required : REQUIRED.get(op)) {
            if (!values.containsKey(required)) {
                throw new ScenarioException(where + ": field \"" + required + "\": missing; " + op + " needs "
                        + String.join(", ", REQUIRED.get(op)));
            }
        }
        if (op.equals("cr0") && values.containsKey("value") == values.containsKey("wp")) {
            throw new ScenarioException(where + ": give exactly one of \"value\" (all of CR0) and \"wp\" (true or false)");
        }
        if (op.equals("boot") && values.containsKey("machine") == values.containsKey("machineFile")) {
            throw new ScenarioException(where + ": give exactly one of \"machine\" (a spec object) and \"machineFile\"");
        }
        List<Expectation> expect = o.has("expect") ? expectations(where, o.get("expect"), kept) : List.of();
        String as = null;
        if (o.has("as")) {
            as = string(where, o, "as");
            if (!as.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ScenarioException(where + ": field \"as\": \"" + as + "\" is not a name (letters, digits, _)");
            }
        }
        String why = o.has("why") ? string(where, o, "why") : "";
        if (as != null) {
            kept.add(as);
        }
        return new Step(number, op, values, as, expect, why);
    }

    private static String argument(String where, Path file, String key, JsonElement v, Set<String> kept) {
        if (key.equals("machine")) {
            if (!v.isJsonObject()) {
                throw new ScenarioException(where + ": field \"machine\": expected a machine spec object");
            }
            return v.toString();
        }
        if (!v.isJsonPrimitive()) {
            throw new ScenarioException(where + ": field \"" + key + "\": expected a string, number or boolean, found " + v);
        }
        String text = v.getAsString();
        if (key.equals("machineFile") || key.equals("dir")) {
            return resolve(file, text).toString();
        }
        reference(where, key, text, kept);
        return text;
    }

    /** A "$name" must name a result an earlier step kept with "as". */
    private static void reference(String where, String field, String text, Set<String> kept) {
        Matcher m = REFERENCE.matcher(text.trim());
        if (m.find() && !kept.contains(m.group(1))) {
            throw new ScenarioException(where + ": field \"" + field + "\": $" + m.group(1)
                    + " is not kept by an earlier step (\"as\": \"" + m.group(1) + "\")");
        }
    }

    private static List<Expectation> expectations(String where, JsonElement e, Set<String> kept) {
        if (!e.isJsonObject()) {
            throw new ScenarioException(where + ": field \"expect\": expected an object such as {\"address\": \"0x1000\"}");
        }
        List<Expectation> list = new ArrayList<>();
        for (Map.Entry<String, JsonElement> f : e.getAsJsonObject().entrySet()) {
            String key = f.getKey();
            if (!EXPECT_FIELDS.contains(key)) {
                throw new ScenarioException(where + ": field \"expect." + key + "\": unknown; known: "
                        + String.join(", ", new TreeSet<>(EXPECT_FIELDS)));
            }
            JsonElement v = f.getValue();
            Set<String> inner = EXPECT_OBJECTS.get(key);
            if (v.isJsonObject() && inner != null) {
                for (Map.Entry<String, JsonElement> g : v.getAsJsonObject().entrySet()) {
                    String path = key + "." + g.getKey();
                    if (!inner.contains(g.getKey())) {
                        throw new ScenarioException(where + ": field \"expect." + path + "\": unknown; known: "
                                + String.join(", ", new TreeSet<>(inner)));
                    }
                    list.add(new Expectation(path, primitive(where, "expect." + path, g.getValue(), kept)));
                }
            } else {
                list.add(new Expectation(key, primitive(where, "expect." + key, v, kept)));
            }
        }
        return list;
    }

    private static String primitive(String where, String field, JsonElement v, Set<String> kept) {
        if (!v.isJsonPrimitive()) {
            throw new ScenarioException(where + ": field \"" + field + "\": expected a string, number or boolean, found " + v);
        }
        reference(where, field, v.getAsString(), kept);
        return v.getAsString();
    }

    private static String string(String where, JsonObject o, String field) {
        JsonElement v = o.get(field);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new ScenarioException(where + ": field \"" + field + "\": expected a string, found " + v);
        }
        return v.getAsString();
    }

    private static void known(String where, JsonObject o, Set<String> fields) {
        for (String key : o.keySet()) {
            if (!fields.contains(key)) {
                throw new ScenarioException(where + ": field \"" + key + "\": unknown; known: "
                        + String.join(", ", new TreeSet<>(fields)));
            }
        }
    }
}
