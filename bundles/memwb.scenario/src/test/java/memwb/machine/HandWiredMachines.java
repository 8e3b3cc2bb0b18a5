package memwb.machine;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import memwb.api.machine.MachineService;
import memwb.api.paging.PagingMode;
import memwb.gdt.GdtCodec;
import memwb.heap.tlsf.TlsfHeapProvider;
import memwb.paging.Paging32;
import memwb.paging.Paging4Level;
import memwb.paging.Paging5Level;
import memwb.paging.PagingPae;
import memwb.pfa.bytemap.BytemapProvider;
import memwb.ram.MemoryMaps;
import memwb.ram.SparseMemoryFactoryComponent;
import memwb.vmm.Vmms;

/**
 * The real machine service wired by hand, as Declarative Services wires it in the framework (the
 * same implementations memwb.machine's own tests use), so scenarios run without OSGi. Its package
 * is memwb.machine's to reach the component's package-private bind methods.
 */
public final class HandWiredMachines {
    private HandWiredMachines() {
    }

    /** A MachineService with the bytemap allocator, the four paging modes and the TLSF kernel heap. */
    public static MachineService service() {
        try {
            MachineComponent c = new MachineComponent();
            set(c, "ramFactory", new SparseMemoryFactoryComponent());
            set(c, "mapFormat", new MemoryMaps());
            set(c, "codec", new GdtCodec());
            set(c, "vmm", new Vmms());
            c.addAllocator(new BytemapProvider(), Map.of(Constants.SERVICE_RANKING, 100));
            for (PagingMode m : List.of(new Paging32(), new PagingPae(), new Paging4Level(), new Paging5Level())) {
                c.addPagingMode(m, Map.of());
            }
            c.addHeap(new TlsfHeapProvider(), Map.of(Constants.SERVICE_RANKING, 60));
            c.activate(context());
            return c;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot wire MachineComponent by hand: " + e, e);
        }
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** A bundle context that accepts the Machine service registrations and ignores everything else. */
    private static BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                HandWiredMachines.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
        return (BundleContext) Proxy.newProxyInstance(HandWiredMachines.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (Object p, Method m, Object[] a) ->
                        m.getName().equals("registerService") ? registration : null);
    }
}
