package memwb.api.vmm;

/**
 * Rights of a mapping, as the console writes them: any of {@code w} writable, {@code x} executable,
 * {@code u} user, {@code g} global; {@code -} alone is read-only, supervisor, no-execute.
 */
public record Rights(boolean writable, boolean executable, boolean user, boolean global) {
    public static final Rights KERNEL_RO = new Rights(false, false, false, false);

    /** Parses {@code "wxu"}, {@code "-"}, ...; an unknown letter is an error naming it. */
    public static Rights parse(String text) {
        if (text.equals("-")) {
            return KERNEL_RO;
        }
        boolean w = false, x = false, u = false, g = false;
        for (char c : text.toCharArray()) {
            switch (c) {
                case 'w' -> w = true;
                case 'x' -> x = true;
                case 'u' -> u = true;
                case 'g' -> g = true;
                case 'r' -> { } // readable is implied: x86 has no write-only or unreadable pages
                default -> throw new IllegalArgumentException("unknown right '" + c + "' in \"" + text
                        + "\" (use w, x, u, g, or - for read-only supervisor no-execute)");
            }
        }
        return new Rights(w, x, u, g);
    }

    @Override
    public String toString() {
        return (user ? "u" : "-") + "r" + (writable ? "w" : "-") + (executable ? "x" : "-") + (global ? "g" : "");
    }
}
