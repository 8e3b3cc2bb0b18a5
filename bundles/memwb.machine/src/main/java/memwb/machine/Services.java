package memwb.machine;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.heap.HeapProvider;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.PhysicalMemoryFactory;
import memwb.api.vmm.Vmm;

/** The services a machine is built from, as DS (or a test) wires them. */
record Services(PhysicalMemoryFactory ramFactory, MemoryMapFormat mapFormat, DescriptorCodec codec, Vmm vmm,
        Registry<FrameAllocatorProvider> allocators, Registry<PagingMode> pagingModes, Registry<HeapProvider> heaps) {

    static Registry<FrameAllocatorProvider> allocatorRegistry() {
        return new Registry<>("frame allocator", FrameAllocatorProvider::name);
    }

    static Registry<HeapProvider> heapRegistry() {
        return new Registry<>("heap", HeapProvider::name);
    }

    static Registry<PagingMode> pagingRegistry() {
        return new Registry<>("paging mode", PagingMode::name);
    }
}
