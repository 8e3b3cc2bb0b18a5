package memwb.api.machine;

/** One section of the kernel image: its name, physical range and rights ("r-x", "r--", "rw-"). */
public record KernelSection(String name, long physStart, long size, String rights) {
    public long physEnd() {
        return physStart + size;
    }
}
