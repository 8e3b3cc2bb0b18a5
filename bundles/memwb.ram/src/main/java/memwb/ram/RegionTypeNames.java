package memwb.ram;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import memwb.api.ram.RegionType;

/** The words Linux uses for region types: in {@code BIOS-e820:} lines and in /sys/firmware/memmap. */
final class RegionTypeNames {
    /** Linux prints an E820 type it has no name for as "type N". */
    private static final Pattern NUMBERED = Pattern.compile("type (\\d{1,9})");
    /** Linux's name for persistent memory types (7 and 12). */
    private static final Pattern PERSISTENT = Pattern.compile("persistent \\(type \\d{1,9}\\)");

    private RegionTypeNames() {
    }

    /**
     * The type of a {@code BIOS-e820:} type word, compared ignoring case and repeated spaces.
     * "type N" with an unknown N, "soft reserved" and "persistent (type N)" are reserved, as Linux
     * treats memory it does not know; empty if the word is not one Linux prints.
     */
    static Optional<RegionType> fromLinuxName(String word) {
        String w = word.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        for (RegionType t : RegionType.values()) {
            if (t.linuxName().toLowerCase(Locale.ROOT).equals(w)) {
                return Optional.of(t);
            }
        }
        if (w.equals("soft reserved") || PERSISTENT.matcher(w).matches()) {
            return Optional.of(RegionType.RESERVED);
        }
        Matcher m = NUMBERED.matcher(w);
        if (m.matches()) {
            return Optional.of(RegionType.ofE820(Integer.parseInt(m.group(1))).orElse(RegionType.RESERVED));
        }
        return Optional.empty();
    }

    /** The type of a /sys/firmware/memmap {@code type} file; names Linux has beyond these are reserved. */
    static RegionType fromSysfs(String name) {
        switch (name.trim()) {
            case "System RAM":
                return RegionType.USABLE;
            case "ACPI Tables":
                return RegionType.ACPI_RECLAIMABLE;
            case "ACPI Non-volatile Storage":
                return RegionType.ACPI_NVS;
            case "Unusable memory":
                return RegionType.BAD;
            default:
                return RegionType.RESERVED;
        }
    }

    /** The word Linux writes in a /sys/firmware/memmap {@code type} file. */
    static String sysfsName(RegionType type) {
        switch (type) {
            case USABLE:
                return "System RAM";
            case ACPI_RECLAIMABLE:
                return "ACPI Tables";
            case ACPI_NVS:
                return "ACPI Non-volatile Storage";
            case BAD:
                return "Unusable memory";
            default:
                return "Reserved";
        }
    }
}
