package memwb.dropins;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;

/**
 * FileInstall passes over a jar that is not a bundle without a word. This installer claims exactly
 * those jars, so a broken drop is reported (on stderr and by the {@code dropins} command) while
 * everything else keeps running; good bundles never reach it and FileInstall installs them.
 */
@Component(service = { ArtifactInstaller.class, BrokenJarReporter.class }, immediate = true, property = {
        "osgi.command.scope=memwb", "osgi.command.function=dropins" })
public final class BrokenJarReporter implements ArtifactInstaller {
    private final Map<String, String> rejected = new TreeMap<>();

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && JarCheck.problem(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
        report(artifact);
    }

    @Override
    public void update(File artifact) {
        report(artifact);
    }

    @Override
    public synchronized void uninstall(File artifact) {
        rejected.remove(artifact.getName());
    }

    private void report(File artifact) {
        String why = JarCheck.problem(artifact).orElse("could not be installed");
        synchronized (this) {
            rejected.put(artifact.getName(), why);
        }
        System.err.println("memwb: dropins: " + artifact.getName() + " " + why + "; not installed");
    }

    /** dropins: the jars in dropins/ that were not installed, and why. */
    public synchronized String dropins() {
        if (rejected.isEmpty()) {
            return "every jar in dropins/ is an installable bundle";
        }
        StringBuilder out = new StringBuilder();
        rejected.forEach((name, why) -> out.append(name).append(' ').append(why).append('\n'));
        return out.toString();
    }
}
