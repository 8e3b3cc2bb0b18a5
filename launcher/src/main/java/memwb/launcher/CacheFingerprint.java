package memwb.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Identifies what a framework cache was built from (each jar's name, size and time, and the
 * features), so a cache kept between runs is reused only while it is not stale.
 */
final class CacheFingerprint {
    private static final String FILE = "fingerprint";

    private CacheFingerprint() {
    }

    static String of(List<Path> jars, List<String> features) {
        StringBuilder sb = new StringBuilder("features=").append(String.join(",", features)).append('\n');
        for (Path jar : jars) {
            try {
                sb.append(jar.getFileName()).append(' ').append(Files.size(jar)).append(' ')
                        .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
            } catch (IOException e) {
                throw new LaunchException("cannot read " + jar + ": " + e);
            }
        }
        return sb.toString();
    }

    static String read(Path storage) {
        try {
            Path f = storage.resolve(FILE);
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void write(Path storage, String fingerprint) throws IOException {
        Files.writeString(storage.resolve(FILE), fingerprint, StandardCharsets.UTF_8);
    }
}
