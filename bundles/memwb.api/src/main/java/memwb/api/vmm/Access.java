package memwb.api.vmm;

/** What a memory access does: the W/R and I/D bits of a page-fault error code come from it. */
public enum Access {
    READ, WRITE, FETCH
}
