package memwb.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code memwb [--headless] [--exec "cmd1; cmd2"] [--run FILE] [--screenshots DIR [--boot SPEC]]
 * [--features a,b] [--dropins DIR] [--help]}: starts the workbench window, or the console when
 * there is no display.
 */
public final class Main {
    static final String USAGE = """
            Usage: memwb [options]
              Starts the Memory Workbench window, or the Gogo console when there is no display.

            Options:
              --headless          console only (features "core" unless --features says otherwise)
              --exec "c1; c2"     run Gogo commands, print their output and exit; the exit status is 1
                                  if any command failed (that command is named), 0 otherwise
              --run FILE          run a scenario (console only) and print its report; the exit status
                                  is 0 if every expectation held, 1 otherwise (scenarios/README.md)
              --screenshots DIR   start the window, boot a machine, save a screenshot of every view
                                  into DIR and exit (needs a display)
              --boot SPEC         the machine --screenshots boots (default: scenarios/qemu-128m.json)
              --features a,b      features to install (default: core,ui with a display, core without);
                                  known: %s
              --dropins DIR       watch DIR instead of the distribution's dropins/ folder: jars
                                  copied there are installed and started, deleted ones uninstalled
              --timing            print how long the start took
              --help              this text

            Console: type `help` for every command; `lb` lists bundles, `scr:list` components.
            """;

    /** Where the default machine of --screenshots lies, relative to the distribution (or checkout). */
    static final Path DEFAULT_MACHINE = Paths.get("scenarios", "qemu-128m.json");

    /** launcher/target/memwb: three folders below the checkout. */
    private static final int DIST_DEPTH = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("memwb: " + e.getMessage());
            err.println("Try 'memwb --help'.");
            return 2;
        }
        Path dist = distribution();
        if (opts.help) {
            String known;
            try {
                known = String.join(", ", Features.load(dist.resolve("features"), dist.resolve("bundles")).names());
            } catch (LaunchException e) {
                known = "(cannot read features: " + e.getMessage() + ")";
            }
            out.print(USAGE.formatted(known));
            return 0;
        }
        boolean headless = opts.headless || opts.run != null;
        String noDisplay = headless ? null : whyNoDisplay(System.getenv("DISPLAY"), System.getenv("WAYLAND_DISPLAY"));
        String exec = opts.exec;
        if (opts.run != null) {
            exec = CommandLine.runScenario(opts.run);
        } else if (opts.screenshots != null) {
            if (noDisplay != null) {
                err.println("memwb: no display (" + noDisplay + "): --screenshots needs the workbench window.");
                return 1;
            }
            Path spec = opts.boot != null ? opts.boot : defaultMachine(dist);
            if (spec == null) {
                err.println("memwb: no default machine for --screenshots: neither " + dist.resolve(DEFAULT_MACHINE)
                        + " nor " + checkout(dist).resolve(DEFAULT_MACHINE) + " exists; give --boot SPEC");
                return 1;
            }
            exec = CommandLine.screenshots(spec, opts.screenshots);
        }
        if (noDisplay != null) {
            err.println("memwb: no display (" + noDisplay + "): starting the console only.");
            headless = true;
        }
        List<String> features = opts.features != null ? opts.features
                : headless ? List.of("core") : List.of("core", "ui");
        LaunchConfig.Console console = exec != null ? LaunchConfig.Console.NONE
                : headless ? LaunchConfig.Console.INTERACTIVE : LaunchConfig.Console.DETACHED;
        LaunchConfig config = LaunchConfig.of(dist, features, console);
        if (opts.dropins != null) {
            config = config.withDropins(opts.dropins);
        }

        Launcher launcher;
        try {
            launcher = Launcher.start(config);
            launcher.awaitReady(Duration.ofSeconds(30));
        } catch (LaunchException e) {
            err.println("memwb: " + e.getMessage());
            return 1;
        }
        if (opts.timing) {
            err.printf("memwb: up in %d ms (%d bundles, features %s)%n", launcher.readyMillis(),
                    launcher.context().getBundles().length, String.join(",", features));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "memwb-shutdown"));

        if (exec != null) {
            String failure = launcher.execute(exec, out, err);
            if (failure != null) {
                err.println("memwb: " + failure);
            }
            launcher.close();
            return failure == null ? 0 : 1;
        }
        try {
            launcher.waitForStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Why there is no usable display, or null if there is one. A local X display (":N", "unix:N")
     * must have its socket; a remote one is trusted (SWT will say if it cannot connect).
     */
    static String whyNoDisplay(String display, String wayland) {
        if (wayland != null && !wayland.isBlank()) {
            return null;
        }
        if (display == null || display.isBlank()) {
            return "DISPLAY is not set";
        }
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("^(?:unix)?:(\\d+)(?:\\.\\d+)?$").matcher(display);
        if (local.matches()) {
            Path socket = Paths.get("/tmp/.X11-unix/X" + local.group(1));
            if (!java.nio.file.Files.exists(socket)) {
                return "DISPLAY=" + display + " but no X server is listening at " + socket;
            }
        }
        return null;
    }

    /**
     * The machine --screenshots boots without --boot: the distribution's scenarios/qemu-128m.json, else
     * the source checkout's (the distribution is built into launcher/target/memwb), else null.
     */
    static Path defaultMachine(Path dist) {
        for (Path p : List.of(dist.resolve(DEFAULT_MACHINE), checkout(dist).resolve(DEFAULT_MACHINE))) {
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The source checkout a distribution in launcher/target/memwb was built from. */
    private static Path checkout(Path dist) {
        Path checkout = dist.toAbsolutePath().normalize();
        for (int level = 0; level < DIST_DEPTH && checkout.getParent() != null; level++) {
            checkout = checkout.getParent();
        }
        return checkout;
    }

    /** The distribution folder: -Dmemwb.dist, else the parent of the lib/ folder holding this jar. */
    static Path distribution() {
        String prop = System.getProperty("memwb.dist");
        if (prop != null) {
            return Paths.get(prop);
        }
        try {
            Path jar = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (Exception e) {
            return Paths.get(".");
        }
    }

    /** Parsed command line. */
    static final class Options {
        boolean headless;
        boolean help;
        boolean timing;
        String exec;
        Path run;
        Path screenshots;
        Path boot;
        List<String> features;
        Path dropins;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--headless" -> o.headless = true;
                    case "--help", "-h" -> o.help = true;
                    case "--timing" -> o.timing = true;
                    case "--exec" -> o.exec = value(args, ++i, a);
                    case "--features" -> {
                        o.features = new ArrayList<>();
                        Arrays.stream(value(args, ++i, a).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                                .forEach(o.features::add);
                        if (o.features.isEmpty()) {
                            throw new IllegalArgumentException("--features needs at least one feature name");
                        }
                    }
                    case "--dropins" -> o.dropins = Paths.get(value(args, ++i, a));
                    case "--run" -> o.run = Paths.get(value(args, ++i, a));
                    case "--screenshots" -> o.screenshots = Paths.get(value(args, ++i, a));
                    case "--boot" -> o.boot = Paths.get(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            int actions = (o.exec != null ? 1 : 0) + (o.run != null ? 1 : 0) + (o.screenshots != null ? 1 : 0);
            if (actions > 1) {
                throw new IllegalArgumentException("--exec, --run and --screenshots exclude each other: give one");
            }
            if (o.screenshots != null && o.headless) {
                throw new IllegalArgumentException("--screenshots needs the workbench window: drop --headless");
            }
            if (o.boot != null && o.screenshots == null) {
                throw new IllegalArgumentException("--boot goes with --screenshots (use the console's boot command otherwise)");
            }
            if (o.run != null && !java.nio.file.Files.isRegularFile(o.run)) {
                throw new IllegalArgumentException("--run " + o.run + ": no such file");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
