package memwb.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * Named bundle sets ({@code features/*.json}) resolved against the jars of a distribution's
 * {@code bundles/} folder. A feature lists bundle symbolic names and may include other features.
 * An unknown feature, or a bundle no jar provides, is an error naming it and what is known.
 */
public final class Features {
    /** The JSON shape of one feature file. */
    static final class Definition {
        String name;
        String description;
        List<String> includes = List.of();
        List<String> bundles = List.of();
    }

    private final Map<String, Definition> features;
    private final Map<String, Path> jarsBySymbolicName;

    private Features(Map<String, Definition> features, Map<String, Path> jarsBySymbolicName) {
        this.features = features;
        this.jarsBySymbolicName = jarsBySymbolicName;
    }

    /** Reads every feature in {@code featuresDir} and indexes every jar in {@code bundlesDir}. */
    public static Features load(Path featuresDir, Path bundlesDir) {
        Map<String, Definition> features = new TreeMap<>();
        Gson gson = new Gson();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(featuresDir, "*.json")) {
            for (Path file : files) {
                Definition d;
                try (Reader in = Files.newBufferedReader(file)) {
                    d = gson.fromJson(in, Definition.class);
                } catch (JsonParseException e) {
                    throw new LaunchException("feature file " + file + " is not valid JSON: " + e.getMessage());
                }
                if (d == null || d.name == null || d.name.isBlank()) {
                    throw new LaunchException("feature file " + file + " has no \"name\"");
                }
                if (d.bundles == null) {
                    d.bundles = List.of();
                }
                if (d.includes == null) {
                    d.includes = List.of();
                }
                features.put(d.name, d);
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read features from " + featuresDir + ": " + e);
        }
        return new Features(features, indexBundles(bundlesDir));
    }

    /** Maps each jar's Bundle-SymbolicName (without directives) to the jar. */
    static Map<String, Path> indexBundles(Path bundlesDir) {
        Map<String, Path> index = new TreeMap<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(bundlesDir, "*.jar")) {
            for (Path jar : jars) {
                symbolicName(jar).ifPresent(bsn -> index.put(bsn, jar));
            }
        } catch (IOException e) {
            throw new LaunchException("cannot list bundles in " + bundlesDir + ": " + e);
        }
        return index;
    }

    static java.util.Optional<String> symbolicName(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(new Attributes.Name("Bundle-SymbolicName"));
            return bsn == null ? java.util.Optional.empty() : java.util.Optional.of(bsn.split(";")[0].trim());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    public Set<String> names() {
        return features.keySet();
    }

    public String description(String feature) {
        Definition d = features.get(feature);
        return d == null ? "" : d.description;
    }

    /**
     * The jars of the given features and everything they include, in install order (included
     * features first), each once.
     */
    public List<Path> resolve(List<String> names) {
        Set<String> bundles = new LinkedHashSet<>();
        Set<String> visited = new LinkedHashSet<>();
        for (String name : names) {
            collect(name, bundles, visited, new ArrayList<>());
        }
        List<Path> jars = new ArrayList<>();
        for (String bsn : bundles) {
            Path jar = jarsBySymbolicName.get(bsn);
            if (jar == null) {
                throw new LaunchException("bundle " + bsn + " (feature " + owningFeature(bsn)
                        + ") is missing from the distribution; bundles present: " + jarsBySymbolicName.keySet());
            }
            jars.add(jar);
        }
        return jars;
    }

    private void collect(String name, Set<String> bundles, Set<String> visited, List<String> path) {
        Definition d = features.get(name);
        if (d == null) {
            throw new LaunchException("unknown feature \"" + name + "\""
                    + (path.isEmpty() ? "" : " (included by " + path.get(path.size() - 1) + ")")
                    + "; known features: " + String.join(", ", features.keySet()));
        }
        if (path.contains(name)) {
            throw new LaunchException("features include each other in a cycle: " + String.join(" -> ", path) + " -> " + name);
        }
        if (!visited.add(name)) {
            return;
        }
        path.add(name);
        for (String inc : d.includes) {
            collect(inc, bundles, visited, path);
        }
        path.remove(path.size() - 1);
        bundles.addAll(d.bundles);
    }

    private String owningFeature(String bsn) {
        return features.values().stream().filter(d -> d.bundles.contains(bsn)).map(d -> d.name).findFirst().orElse("?");
    }
}
