package memwb.api.ram;

/**
 * Firmware (E820 / multiboot) region types, numbered as the firmware numbers them. When regions
 * overlap, the stricter type wins: {@link #strictness()} orders them.
 */
public enum RegionType {
    USABLE(1, "usable", 0),
    RESERVED(2, "reserved", 3),
    ACPI_RECLAIMABLE(3, "ACPI data", 1),
    ACPI_NVS(4, "ACPI NVS", 2),
    BAD(5, "unusable", 4);

    private final int e820Code;
    private final String linuxName;
    private final int strictness;

    RegionType(int e820Code, String linuxName, int strictness) {
        this.e820Code = e820Code;
        this.linuxName = linuxName;
        this.strictness = strictness;
    }

    /** The number firmware uses (E820 type, multiboot mmap type). */
    public int e820Code() {
        return e820Code;
    }

    /** The word Linux prints in {@code BIOS-e820:} lines. */
    public String linuxName() {
        return linuxName;
    }

    /** Higher wins an overlap: usable &lt; ACPI data &lt; ACPI NVS &lt; reserved &lt; unusable. */
    public int strictness() {
        return strictness;
    }

    /** The type for an E820 number, or empty if unknown. */
    public static java.util.Optional<RegionType> ofE820(int code) {
        for (RegionType t : values()) {
            if (t.e820Code == code) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
