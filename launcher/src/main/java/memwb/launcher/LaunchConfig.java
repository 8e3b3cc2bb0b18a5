package memwb.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to launch: the distribution folder, the features to install, where dropins and the
 * framework cache live, and whether Gogo reads the terminal.
 *
 * @param console {@code INTERACTIVE}: the shell reads stdin and EOF stops the framework;
 *                {@code DETACHED}: the shell reads stdin but EOF does not stop (window mode);
 *                {@code NONE}: no terminal shell (--exec, tests)
 */
public record LaunchConfig(Path dist, List<String> features, Path dropins, Path storage, Console console,
        Map<String, String> extraProperties) {

    public enum Console { INTERACTIVE, DETACHED, NONE }

    public LaunchConfig {
        features = List.copyOf(features);
        extraProperties = Map.copyOf(extraProperties);
    }

    /** The distribution's defaults: its own dropins/ and a cache private to it. */
    public static LaunchConfig of(Path dist, List<String> features, Console console) {
        return new LaunchConfig(dist, features, dist.resolve("dropins"), dist.resolve("cache"), console, Map.of());
    }

    public LaunchConfig withDropins(Path dir) {
        return new LaunchConfig(dist, features, dir, storage, console, extraProperties);
    }

    public LaunchConfig withStorage(Path dir) {
        return new LaunchConfig(dist, features, dropins, dir, console, extraProperties);
    }
}
