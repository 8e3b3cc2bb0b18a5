package memwb.machine;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapProvider;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.PhysicalMemoryFactory;
import memwb.api.vmm.Vmm;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The machine service: a thin OSGi face on {@link MachineManager}. Each booted machine is also
 * published as a {@link Machine} service (the previous one withdrawn), so views and commands can
 * follow it. Frame allocators are tracked dynamically: installing one makes it available at once.
 */
@Component(service = MachineService.class, immediate = true)
public final class MachineComponent implements MachineService {
    @Reference
    private PhysicalMemoryFactory ramFactory;
    @Reference
    private MemoryMapFormat mapFormat;
    @Reference
    private DescriptorCodec codec;
    @Reference
    private Vmm vmm;

    private final Registry<FrameAllocatorProvider> allocators = Services.allocatorRegistry();
    private final Registry<PagingMode> pagingModes = Services.pagingRegistry();
    private final Registry<HeapProvider> heaps = Services.heapRegistry();
    private MachineManager manager;
    private BundleContext context;
    private ServiceRegistration<Machine> published;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAllocator(FrameAllocatorProvider provider, Map<String, Object> props) {
        allocators.add(provider, ranking(props));
        if (manager != null) {
            manager.allocatorAdded(provider);
        }
    }

    void removeAllocator(FrameAllocatorProvider provider) {
        allocators.remove(provider);
        if (manager != null) {
            manager.allocatorRemoved(provider);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPagingMode(PagingMode mode, Map<String, Object> props) {
        pagingModes.add(mode, ranking(props));
    }

    void removePagingMode(PagingMode mode) {
        pagingModes.remove(mode);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHeap(HeapProvider provider, Map<String, Object> props) {
        heaps.add(provider, ranking(props));
        if (manager != null) {
            manager.heapAdded(provider);
        }
    }

    void removeHeap(HeapProvider provider) {
        heaps.remove(provider);
        if (manager != null) {
            manager.heapRemoved(provider);
        }
    }

    private static int ranking(Map<String, Object> props) {
        return props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        this.manager = new MachineManager(new Services(ramFactory, mapFormat, codec, vmm, allocators, pagingModes, heaps));
    }

    @Deactivate
    synchronized void deactivate() {
        if (published != null) {
            published.unregister();
            published = null;
        }
    }

    @Override
    public Machine boot(Path specOrMap) {
        return publish(manager.boot(specOrMap));
    }

    @Override
    public Machine bootSpec(String json, String source) {
        return publish(manager.bootSpec(json, source, Path.of(".")));
    }

    @Override
    public Optional<Machine> current() {
        return manager.current().map(m -> m);
    }

    @Override
    public Machine bootImage(Path dir) {
        return publish(manager.bootImage(dir));
    }

    @Override
    public void export(Path dir) {
        manager.export(dir);
    }

    @Override
    public java.util.List<String> frameAllocators() {
        return allocators.names();
    }

    @Override
    public void useFrameAllocator(String name) {
        manager.useFrameAllocator(name);
    }

    private synchronized Machine publish(BootedMachine machine) {
        if (published != null) {
            published.unregister();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("machine.name", machine.name());
        published = context.registerService(Machine.class, machine, props);
        return machine;
    }

    @Override
    public java.util.List<String> heaps() {
        return heaps.names();
    }

    @Override
    public void useHeap(String name) {
        manager.useHeap(name);
    }

    @Override
    public Heap newHeap(String name) {
        return manager.newHeap(name);
    }

    @Override
    public java.util.List<String> pagingModes() {
        return pagingModes.names();
    }

    @Override
    public void usePagingMode(String name) {
        manager.usePagingMode(name);
    }

    @Override
    public void save(Path file) {
        manager.save(file);
    }

    @Override
    public Machine open(Path file) {
        return publish(manager.open(file));
    }
}
