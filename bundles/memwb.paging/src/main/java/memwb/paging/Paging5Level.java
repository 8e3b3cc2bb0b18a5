package memwb.paging;

/** 5-level paging (CR4.LA57): a PML5 above the PML4, 57-bit canonical linear addresses. */
public class Paging5Level extends LongModePaging {
    public static final String NAME = NAME_5;

    public Paging5Level() {
        super(5, MAX_PHYS_ADDR_BITS);
    }
}
