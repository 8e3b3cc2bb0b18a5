package memwb.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Embeds Felix: installs the bundles of the chosen features from a distribution, starts them,
 * watches {@code dropins/} with FileInstall and runs Gogo commands. No network listener of any kind
 * is opened (no remote shell).
 *
 * <p>The framework cache lives in the distribution and is kept between runs; it is wiped when the
 * installed jars or the feature choice change, so a rebuild never runs stale bundles.
 */
public final class Launcher implements AutoCloseable {
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    private static final int GOGO_INSPECT = 0; // Converter.INSPECT: the format gosh prints results in
    /** Gogo's command search order: ours first (SCR also has "info"); conf/etc/gosh_profile says the same. */
    static final String COMMAND_SCOPE = "memwb:gogo:*";

    /** The bundle whose activation opens the terminal console. */
    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    /**
     * The terminal console starts one start level above everything else, so it cannot read commands
     * before the machine's bundles are up, nor stop the framework mid-start on an early end of input,
     * even when a kept cache restarts bundles on its own.
     */
    static final int CONSOLE_START_LEVEL = 2;

    private final Framework framework;
    private final FrameworkLog log;
    private final long startedNanos;
    private final List<Bundle> deferred = new ArrayList<>();
    private long readyMillis = -1;

    private Launcher(Framework framework, FrameworkLog log, long startedNanos) {
        this.framework = framework;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Boots the framework and starts every bundle of the features; does not wait for readiness. */
    public static Launcher start(LaunchConfig config) {
        long t0 = System.nanoTime();
        Path dist = config.dist().toAbsolutePath().normalize();
        Features features = Features.load(dist.resolve("features"), dist.resolve("bundles"));
        List<Path> jars = features.resolve(config.features());

        Path storage = config.storage().toAbsolutePath().normalize();
        Path felixCache = storage.resolve("felix");
        String fingerprint = CacheFingerprint.of(jars, config.features());
        boolean fresh = !fingerprint.equals(CacheFingerprint.read(storage));

        FrameworkLog log = new FrameworkLog();
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, felixCache.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, fresh ? Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT : "none");
        // The DS API lives on the class path so the launcher and tests can use it typed (platform
        // notes, pitfall 4); the system bundle exports it instead of installing it as bundles.
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                "org.osgi.service.component;version=1.5.1",
                "org.osgi.service.component.propertytypes;version=1.5.0",
                "org.osgi.service.component.runtime;version=1.5.0",
                "org.osgi.service.component.runtime.dto;version=1.5.0",
                "org.osgi.util.promise;version=1.3.0",
                "org.osgi.util.function;version=1.2.0"));
        props.put("felix.log.logger", log);
        props.put("felix.log.level", "2");
        props.put("ds.loglevel", "warn");
        Path dropins = config.dropins().toAbsolutePath().normalize();
        props.put("felix.fileinstall.dir", dropins.toString());
        props.put("felix.fileinstall.poll", "500");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "2");
        props.put("felix.fileinstall.bundles.new.start", "true");
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        props.put("gosh.home", dist.resolve("conf").toString());
        props.put("gosh.args", switch (config.console()) {
            case INTERACTIVE -> "";
            case DETACHED -> "--noshutdown";
            case NONE -> "--nointeractive";
        });
        props.putAll(userProperties(dist.resolve("conf/framework.properties")));
        props.putAll(config.extraProperties());

        try {
            Files.createDirectories(dropins);
            Files.createDirectories(storage);
            // Felix takes object values (the logger) although the OSGi signature says String.
            @SuppressWarnings({"unchecked", "rawtypes"})
            Map<String, String> frameworkProps = (Map) props;
            Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(frameworkProps);
            framework.init();
            prepareSwtLibraryPath(storage);
            Launcher launcher = new Launcher(framework, log, t0);
            BundleContext ctx = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                Bundle b = ctx.installBundle(jar.toUri().toString());
                // Before framework.start(): a kept cache restarts bundles at their persisted level.
                boolean console = config.console() != LaunchConfig.Console.NONE && GOGO_SHELL.equals(b.getSymbolicName());
                b.adapt(BundleStartLevel.class).setStartLevel(console ? CONSOLE_START_LEVEL : 1);
                if (console) {
                    launcher.deferred.add(b);
                }
                installed.add(b);
            }
            framework.start();
            for (Bundle b : installed) {
                if ((b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                    try {
                        b.start();
                    } catch (BundleException e) {
                        log.error(b, "cannot start: " + e.getMessage(), e);
                    }
                }
            }
            CacheFingerprint.write(storage, fingerprint);
            return launcher;
        } catch (BundleException | IOException e) {
            throw new LaunchException("cannot start the framework: " + e.getMessage(), e);
        }
    }

    /** The distribution's conf/framework.properties, if any: the user's overrides of the defaults. */
    private static Map<String, String> userProperties(Path file) {
        Map<String, String> map = new HashMap<>();
        if (Files.isRegularFile(file)) {
            java.util.Properties p = new java.util.Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new LaunchException("cannot read " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        }
        return map;
    }

    /**
     * SWT unpacks its natives under {@code ~/.swt}, and fails if that is not writable (platform notes,
     * pitfall 6); point it at the cache instead. The directory must exist: SWT does not create it.
     */
    private static void prepareSwtLibraryPath(Path storage) throws IOException {
        Path swtlib = storage.resolve("swtlib");
        Files.createDirectories(swtlib);
        System.setProperty("swt.library.path", swtlib.toString());
    }

    /**
     * Waits until every bundle is ACTIVE (fragments RESOLVED) and every component satisfied.
     *
     * @throws LaunchException listing what is still not ready when the time is up
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems;
        while (!(problems = Readiness.problems(framework, deferred)).isEmpty()) {
            if (problems.stream().anyMatch(Readiness::fatal)) {
                throw new LaunchException("cannot start:\n  " + String.join("\n  ", problems));
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException("not ready after " + timeout.toMillis() + " ms:\n  " + String.join("\n  ", problems));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for the framework");
            }
        }
        readyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        if (!deferred.isEmpty()) {
            framework.adapt(FrameworkStartLevel.class).setStartLevel(CONSOLE_START_LEVEL);
            deferred.clear();
        }
    }

    /** Milliseconds from {@link #start} to readiness, once {@link #awaitReady} returned. */
    public long readyMillis() {
        return readyMillis;
    }

    public Framework framework() {
        return framework;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Errors the framework logged so far (a clean start has none). */
    public List<String> loggedErrors() {
        return log.errors();
    }

    /**
     * Runs Gogo commands separated by {@code ;} one at a time, printing each result to {@code out}.
     *
     * @return null if all succeeded, else a message naming the first failing command and why
     */
    public String execute(String commands, PrintStream out, PrintStream err) {
        ServiceReference<?> ref = awaitService(COMMAND_PROCESSOR, Duration.ofSeconds(10));
        Object processor = context().getService(ref);
        try {
            ClassLoader gogo = processor.getClass().getClassLoader();
            Class<?> processorType = gogo.loadClass(COMMAND_PROCESSOR);
            Class<?> sessionType = gogo.loadClass(COMMAND_SESSION);
            Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
            Method execute = sessionType.getMethod("execute", CharSequence.class);
            Method format = sessionType.getMethod("format", Object.class, int.class);
            Method close = sessionType.getMethod("close");
            Method put = sessionType.getMethod("put", String.class, Object.class);
            Object session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), out, err);
            put.invoke(session, "SCOPE", COMMAND_SCOPE);
            try {
                for (String command : CommandLine.split(commands)) {
                    try {
                        Object result = execute.invoke(session, command);
                        if (result != null) {
                            out.println(format.invoke(session, result, GOGO_INSPECT));
                        }
                        out.flush();
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                        return "command '" + command + "' failed: " + why;
                    }
                }
                return null;
            } finally {
                close.invoke(session);
            }
        } catch (ReflectiveOperationException e) {
            throw new LaunchException("cannot talk to the Gogo runtime: " + e, e);
        } finally {
            context().ungetService(ref);
        }
    }

    /** Convenience for tests: runs commands and returns their output, or throws naming the failure. */
    public String execute(String commands) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        String failure = execute(commands, ps, ps);
        String output = buf.toString(StandardCharsets.UTF_8);
        if (failure != null) {
            throw new LaunchException(failure + (output.isBlank() ? "" : "\noutput:\n" + output));
        }
        return output;
    }

    private ServiceReference<?> awaitService(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ServiceReference<?> ref = context().getServiceReference(type);
            if (ref != null) {
                return ref;
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException("no " + type + " service: is the Gogo runtime bundle installed?");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted");
            }
        }
    }

    /** Blocks until the framework stops (the window's Exit, the shell's EOF, a signal). */
    public void waitForStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and waits for it. */
    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException e) {
            throw new LaunchException("cannot stop the framework: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
