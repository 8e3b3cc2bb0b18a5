package memwb.machine;

import java.util.List;
import java.util.Map;

/**
 * A machine spec as written in JSON (docs/machine-spec.md documents every field). Numbers are
 * strings so people can write {@code "0x100000"} or {@code "128M"}; {@link SpecReader} reads it
 * strictly: an unknown field is an error naming it and its line.
 */
public final class MachineSpec {
    /** Shown in titles and reports; defaults to the file name. */
    String name;
    /** Total RAM: builds QEMU's default PC memory map for that size. Exactly one of ram, memoryMap, memoryMapFile. */
    String ram;
    /** An inline memory map. */
    List<Region> memoryMap;
    /** A memory map file (E820 dmesg lines, a start/end/type table, multiboot JSON, or a sysfs memmap directory). */
    String memoryMapFile;
    /** The kernel image. */
    Kernel kernel;
    /** The frame allocator by name ("bytemap"); default: the highest-ranked one installed. */
    String allocator;
    /** Options for the allocator, e.g. {"search": "next-fit"}. */
    Map<String, String> allocatorOptions;
    /** The kernel heap by name ("freelist", "tlsf"); default: the highest-ranked one installed. Needs paging. */
    String heap;
    /** Options for the heap. */
    Map<String, String> heapOptions;
    /** "long-mode" or "flat32"; default: long-mode, or flat32 with 32-bit or PAE paging. */
    String gdt;
    /** Paging; absent: 4-level (32-bit with a flat32 GDT) with the defaults below. */
    Paging paging;

    /** How the kernel address space is built. */
    public static final class Paging {
        /** "32-bit", "pae", "4-level", "5-level", or "off". */
        String mode;
        /** "notes", "x86-64", "x86-32", or a linear address: where the kernel image is mapped. */
        String higherHalf;
        /** Ranges mapped virtual = physical; default: low memory but page 0 (so NULL faults). */
        List<IdentityRange> identityMap;
        /** The modelled TLB. */
        Tlb tlb;
    }

    /** A range mapped at its own physical address, with rights such as "w", "wx", "-". */
    public static final class IdentityRange {
        String base;
        String length;
        String rights;
    }

    /** TLB geometry: entries and ways of the 4 KiB and the large-page TLB. */
    public static final class Tlb {
        Integer entries;
        Integer ways;
        Integer largeEntries;
        Integer largeWays;
    }

    /** One inline region: base and either length or end (exclusive). */
    public static final class Region {
        String base;
        String length;
        String end;
        String type;
    }

    /** The kernel image's physical placement and sections, laid out one after another from physStart. */
    public static final class Kernel {
        String physStart;
        List<Section> sections;
    }

    /** A kernel section: its size and rights ("r-x", "r--", "rw-"). */
    public static final class Section {
        String name;
        String size;
        String rights;
    }
}
