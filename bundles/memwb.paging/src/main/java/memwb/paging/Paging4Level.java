package memwb.paging;

/** 4-level paging: PML4, PDPT, PD, PT over 48-bit canonical linear addresses. */
public class Paging4Level extends LongModePaging {
    public static final String NAME = NAME_4;

    public Paging4Level() {
        super(4, MAX_PHYS_ADDR_BITS);
    }
}
