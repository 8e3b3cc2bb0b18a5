package memwb.api.ram;

/** A physical range the workbench placed something in: the kernel image, allocator metadata, ... */
public record OwnedRange(long base, long length, Owner owner, String label) {
    public long end() {
        return base + length;
    }

    public boolean contains(long pa) {
        return pa >= base && pa < end();
    }
}
