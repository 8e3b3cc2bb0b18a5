package memwb.machine;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a machine's address spaces are rooted, as snapshots and exports keep them: the kernel
 * space's root table and each user space's name and root, in creation order. The tables themselves
 * are in RAM; CR3 (saved with the registers) says which space is current.
 */
record SpaceRoots(long kernelRoot, List<User> users) {
    /** One user space. */
    record User(String name, long root) {
    }

    SpaceRoots {
        users = List.copyOf(users);
    }

    /** The roots of a running machine with paging on. */
    static SpaceRoots of(MachineBuilder.Paging paging) {
        List<User> users = new ArrayList<>();
        paging.users().forEach((name, space) -> users.add(new User(name, space.root())));
        return new SpaceRoots(paging.kernelSpace().root(), users);
    }

    /** A file from before user spaces: the kernel space is where CR3 points, and there are no user spaces. */
    static SpaceRoots kernelOnly(long root) {
        return new SpaceRoots(root, List.of());
    }
}
