package memwb.views.physical;

/** One stretch of the physical address space with one firmware type and one owner. */
record Band(long start, long end, String type, String owner) {
    long size() {
        return end - start;
    }

    /** What colours it: the owner when something owns it, else the firmware type. */
    String kind() {
        return owner.isEmpty() ? type : owner;
    }
}
