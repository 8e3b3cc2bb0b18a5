package memwb.heap.freelist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapProvider;
import memwb.api.heap.HeapState;

/**
 * The real TLSF heap for swap tests, from the jar installed in the local Maven repository (the pom
 * passes its path as {@code memwb.tlsf.jar}). It cannot be a test dependency: memwb.heap.tlsf
 * test-depends on this bundle and Maven refuses the cycle. The jar's classes see the API through
 * this class loader, so its heaps are {@link Heap}s here.
 */
final class TlsfHeaps {
    private static final String JAR_PROPERTY = "memwb.tlsf.jar";
    private static final String PROVIDER = "memwb.heap.tlsf.TlsfHeapProvider";
    private static HeapProvider provider;

    private TlsfHeaps() {
    }

    /** A TLSF heap over {@code mem}, new (state null) or adopting {@code state}; the test is skipped if TLSF is not installed. */
    static Heap create(HeapMemory mem, HeapState state) {
        return provider().create(mem, state, Map.of());
    }

    private static synchronized HeapProvider provider() {
        if (provider == null) {
            String jar = System.getProperty(JAR_PROPERTY);
            assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                    () -> "memwb.heap.tlsf is not installed (" + jar + "): run mvn install -pl bundles/memwb.heap.tlsf");
            try {
                URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                        TlsfHeaps.class.getClassLoader());
                provider = (HeapProvider) loader.loadClass(PROVIDER).getDeclaredConstructor().newInstance();
            } catch (MalformedURLException | ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load " + PROVIDER + " from " + jar, e);
            }
        }
        return provider;
    }
}
