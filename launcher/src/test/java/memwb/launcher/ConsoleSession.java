package memwb.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One headless distribution per test class, driven through Gogo as a user types commands. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleSession {
    static final String QEMU_128M = Path.of("../scenarios/qemu-128m.json").toAbsolutePath().normalize().toString();
    Launcher launcher;
    private Path storage;

    @BeforeAll
    void startHeadless() throws Exception {
        storage = Files.createTempDirectory("memwb-console");
        launcher = Launcher.start(LaunchConfig.of(Dist.dir(), List.of("core"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins")));
        launcher.awaitReady(Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        launcher.close();
    }

    /** The failure message of a command that must fail. */
    String failure(String command) {
        try {
            launcher.execute(command);
        } catch (LaunchException e) {
            return e.getMessage();
        }
        throw new AssertionError(command + " should have failed");
    }
}
