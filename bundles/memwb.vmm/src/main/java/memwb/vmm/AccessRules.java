package memwb.vmm;

import static memwb.vmm.Tlb.R_U;
import static memwb.vmm.Tlb.R_W;
import static memwb.vmm.Tlb.R_X;

import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.PageFault;

/**
 * The access-rights rules of SDM vol. 3A, 4.6, applied to effective rights (R/W and U/S ANDed over
 * the walk, XD ORed with EFER.NXE) and the current CR0.WP, CR4.SMEP, CR4.SMAP and RFLAGS.AC. Only
 * explicit accesses are modelled (implicit supervisor accesses such as GDT reads are not).
 */
final class AccessRules {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int FETCH = 2;

    static final int OK = 0;
    static final int USER_TO_SUPERVISOR = 1;
    static final int READ_ONLY = 2;
    static final int NO_EXECUTE = 3;
    static final int SMEP = 4;
    static final int SMAP = 5;

    private AccessRules() {
    }

    /** Which rule forbids the access, or {@link #OK}. */
    static int deny(int rights, int access, boolean user, ControlRegisters regs) {
        if (user) {
            if ((rights & R_U) == 0) {
                return USER_TO_SUPERVISOR;
            }
            if (access == WRITE && (rights & R_W) == 0) {
                return READ_ONLY; // CR0.WP does not matter for user writes
            }
            return access == FETCH && (rights & R_X) == 0 ? NO_EXECUTE : OK;
        }
        if (access == FETCH) {
            if ((rights & R_U) != 0 && regs.smep()) {
                return SMEP;
            }
            return (rights & R_X) == 0 ? NO_EXECUTE : OK;
        }
        if ((rights & R_U) != 0 && regs.smap() && !regs.ac()) {
            return SMAP;
        }
        return access == WRITE && (rights & R_W) == 0 && regs.wp() ? READ_ONLY : OK;
    }

    /**
     * The W/R, U/S and I/D bits of the error code. I/D is set for a fetch only when SMEP is on, or
     * with PAE-format entries and EFER.NXE (SDM 4.7); 32-bit paging without SMEP never sets it.
     */
    static int accessBits(int access, boolean user, ControlRegisters regs) {
        int bits = user ? PageFault.U : 0;
        if (access == WRITE) {
            bits |= PageFault.W;
        } else if (access == FETCH && (regs.smep() || (regs.pae() && regs.nxe()))) {
            bits |= PageFault.I;
        }
        return bits;
    }

    static String explain(int why, ControlRegisters regs) {
        return switch (why) {
            case USER_TO_SUPERVISOR -> "user-mode access to a supervisor page (U/S=0 at some level)";
            case READ_ONLY -> regs.wp() ? "write to a read-only page (R/W=0 at some level; CR0.WP=1 holds supervisors too)"
                    : "user-mode write to a read-only page (R/W=0 at some level)";
            case NO_EXECUTE -> "instruction fetch from a no-execute page (XD=1 at some level, EFER.NXE=1)";
            case SMEP -> "SMEP: supervisor-mode instruction fetch from a user page";
            case SMAP -> "SMAP: supervisor-mode data access to a user page with RFLAGS.AC=0";
            default -> "allowed";
        };
    }
}
