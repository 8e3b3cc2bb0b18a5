package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        assertEquals(List.of("lb", "echo \"a;b\"", "each [1 2] { echo $it; echo x }"),
                CommandLine.split(" lb ;echo \"a;b\"; each [1 2] { echo $it; echo x } ;; "));
    }

    @Test
    void newlinesSeparateCommandsToo() {
        assertEquals(List.of("boot x.json", "info map"), CommandLine.split("boot x.json\ninfo map\n"));
    }
}
