package memwb.api.vmm;

/** CPL 3 is USER; CPL 0-2 are SUPERVISOR (the U/S bit of a page-fault error code). */
public enum Privilege {
    USER, SUPERVISOR
}
