package memwb.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import memwb.api.heap.HeapState;
import memwb.api.machine.KernelSection;
import memwb.api.machine.MachineException;
import memwb.api.machine.Numbers;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;

/**
 * The machine's own part of an export directory, beside the VMM's ram.bin and registers.json:
 * machine.json (the spec the machine was booted from, with every default written out) and
 * frames.json (every frame's state and owner), so {@code boot --image} can rebuild the machine.
 */
final class ImageFiles {
    static final String SPEC = "machine.json";
    static final String FRAMES = "frames.json";
    static final String HEAP = "heap.json";
    static final String SPACES = "spaces.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ImageFiles() {
    }

    static void write(Path dir, BootedMachine m) {
        write(dir.resolve(SPEC), GSON.toJson(spec(m)));
        write(dir.resolve(FRAMES), GSON.toJson(frames(m.frames().exportState())));
        writeHeap(dir, m);
        if (m.paging().mmu() != null) {
            write(dir.resolve(SPACES), GSON.toJson(spaces(SpaceRoots.of(m.paging()))));
        }
    }

    private static void write(Path file, String json) {
        try {
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MachineException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The spec, as a JSON object SpecReader reads back to the same plan. */
    static JsonObject spec(BootedMachine m) {
        BootPlan plan = m.plan();
        JsonObject spec = new JsonObject();
        spec.addProperty("name", plan.name());
        JsonArray map = new JsonArray();
        for (MemoryRegion r : plan.map().regions()) {
            JsonObject o = new JsonObject();
            o.addProperty("base", hex(r.base()));
            o.addProperty("length", hex(r.length()));
            o.addProperty("type", r.type().linuxName());
            map.add(o);
        }
        spec.add("memoryMap", map);
        JsonObject kernel = new JsonObject();
        kernel.addProperty("physStart", hex(plan.kernel().get(0).physStart()));
        JsonArray sections = new JsonArray();
        for (KernelSection s : plan.kernel()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", s.name());
            o.addProperty("size", hex(s.size()));
            o.addProperty("rights", s.rights());
            sections.add(o);
        }
        kernel.add("sections", sections);
        spec.add("kernel", kernel);
        spec.addProperty("allocator", m.frames().name());
        if (m.frames().name().equals(plan.allocator()) || plan.allocator() == null) {
            spec.add("allocatorOptions", GSON.toJsonTree(plan.allocatorOptions()));
        }
        m.heap().ifPresent(heap -> spec.addProperty("heap", heap.name()));
        spec.addProperty("gdt", plan.longMode() ? "long-mode" : "flat32");
        PagingPlan p = plan.paging();
        JsonObject paging = new JsonObject();
        paging.addProperty("mode", p.mode());
        if (p.enabled()) {
            paging.addProperty("higherHalf", hex(p.kernelBase()));
            JsonArray identity = new JsonArray();
            for (PagingPlan.Identity id : p.identity()) {
                JsonObject o = new JsonObject();
                o.addProperty("base", hex(id.base()));
                o.addProperty("length", hex(id.length()));
                String rights = (id.rights().writable() ? "w" : "") + (id.rights().executable() ? "x" : "")
                        + (id.rights().user() ? "u" : "") + (id.rights().global() ? "g" : "");
                o.addProperty("rights", rights.isEmpty() ? "-" : rights);
                identity.add(o);
            }
            paging.add("identityMap", identity);
            JsonObject tlb = new JsonObject();
            tlb.addProperty("entries", p.tlb().entries4k());
            tlb.addProperty("ways", p.tlb().ways4k());
            tlb.addProperty("largeEntries", p.tlb().entriesLarge());
            tlb.addProperty("largeWays", p.tlb().waysLarge());
            paging.add("tlb", tlb);
        }
        spec.add("paging", paging);
        return spec;
    }

    static JsonObject frames(AllocationState state) {
        JsonObject o = new JsonObject();
        o.addProperty("frameCount", state.frameCount());
        JsonArray runs = new JsonArray();
        for (FrameRun r : state.runs()) {
            JsonObject run = new JsonObject();
            run.addProperty("first", r.firstFrame());
            run.addProperty("count", r.count());
            run.addProperty("state", r.state().name());
            run.addProperty("owner", r.owner().name());
            runs.add(run);
        }
        o.add("runs", runs);
        return o;
    }

    /** The kernel root and each user space's name and root, as spaces.json and a snapshot's manifest hold them. */
    static JsonObject spaces(SpaceRoots spaces) {
        JsonObject o = new JsonObject();
        o.addProperty("kernelRoot", hex(spaces.kernelRoot()));
        JsonArray users = new JsonArray();
        for (SpaceRoots.User u : spaces.users()) {
            JsonObject user = new JsonObject();
            user.addProperty("name", u.name());
            user.addProperty("root", hex(u.root()));
            users.add(user);
        }
        o.add("users", users);
        return o;
    }

    /** spaces.json read back, or null if the export has none (an export older than user spaces). */
    static SpaceRoots readSpaces(Path dir) {
        Path file = dir.resolve(SPACES);
        return Files.exists(file) ? SnapshotFile.spaces(file.toString(), object(file)) : null;
    }

    /** Reads frames.json back; every problem names the file and the run. */
    static AllocationState readFrames(Path dir) {
        Path file = dir.resolve(FRAMES);
        return SnapshotFile.frames(file.toString(), object(file));
    }

    /** The heap's name and live blocks, as heap.json holds them; writes nothing without a heap. */
    private static void writeHeap(Path dir, BootedMachine m) {
        m.heap().ifPresent(heap -> {
            JsonObject o = new JsonObject();
            o.addProperty("heap", heap.name());
            JsonArray live = new JsonArray();
            for (HeapState.LiveBlock b : heap.exportState().live()) {
                JsonObject block = new JsonObject();
                block.addProperty("payload", hex(b.payload()));
                block.addProperty("size", hex(b.size()));
                live.add(block);
            }
            o.add("live", live);
            write(dir.resolve(HEAP), GSON.toJson(o));
        });
    }

    /** heap.json read back, or null if the export has none (no heap, or an export older than heaps). */
    static HeapState readHeap(Path dir) {
        Path file = dir.resolve(HEAP);
        if (!Files.exists(file)) {
            return null;
        }
        JsonObject o = object(file);
        String where = file.toString();
        try {
            List<HeapState.LiveBlock> live = new ArrayList<>();
            JsonArray array = o.getAsJsonArray("live");
            for (int i = 0; i < array.size(); i++) {
                JsonObject b = array.get(i).getAsJsonObject();
                live.add(new HeapState.LiveBlock(Numbers.parse(b.get("payload").getAsString(), where + ": live[" + i + "].payload"),
                        Numbers.parse(b.get("size").getAsString(), where + ": live[" + i + "].size")));
            }
            return new HeapState(o.get("heap").getAsString(), live);
        } catch (IllegalStateException | NullPointerException | ClassCastException | UnsupportedOperationException e) {
            throw new MachineException(where + ": malformed heap blocks (expected {\"heap\": NAME, \"live\": [{\"payload\": "
                    + "HEX, \"size\": HEX}, ...]}): " + e.getMessage(), e);
        }
    }

    private static JsonObject object(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new MachineException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new MachineException(file + ": malformed JSON: " + e.getMessage(), e);
        }
    }

    static String hex(long v) {
        return String.format(Locale.ROOT, "0x%x", v);
    }

    static Map<String, String> none() {
        return Map.of();
    }

    static JsonElement tree(Object o) {
        return GSON.toJsonTree(o);
    }
}
