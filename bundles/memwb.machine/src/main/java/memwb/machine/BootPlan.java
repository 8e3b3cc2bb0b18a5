package memwb.machine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import memwb.api.machine.KernelSection;
import memwb.api.machine.MachineException;
import memwb.api.machine.Numbers;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/**
 * A spec checked and resolved: the normalised memory map, the kernel's sections at their physical
 * addresses, the allocator choice and the GDT kind. Every problem names the spec and the field.
 */
record BootPlan(String name, MemoryMap map, List<KernelSection> kernel, String allocator,
        Map<String, String> allocatorOptions, boolean longMode, PagingPlan paging, String heap,
        Map<String, String> heapOptions) {

    static final long PAGE = 4096;
    /** Linux's CONFIG_PHYSICAL_START: leaves room below the kernel for the allocator's metadata. */
    static final long DEFAULT_KERNEL_START = 0x1000000;

    static BootPlan resolve(MachineSpec spec, SpecSource source, Path baseDir, MemoryMapFormat format) {
        String name = spec.name != null ? spec.name : defaultName(source.name());
        MemoryMap map = memoryMap(spec, source, baseDir, format);
        List<KernelSection> kernel = kernel(spec.kernel, source, map);
        String pagingMode = spec.paging == null || spec.paging.mode == null ? null : spec.paging.mode;
        String gdt = spec.gdt != null ? spec.gdt
                : "32-bit".equals(pagingMode) || "pae".equals(pagingMode) ? "flat32" : "long-mode";
        boolean longMode = switch (gdt) {
            case "long-mode" -> true;
            case "flat32" -> false;
            default -> throw source.error("gdt", "\"" + spec.gdt + "\" is not a GDT kind (use \"long-mode\" or \"flat32\")");
        };
        PagingPlan paging = PagingPlan.resolve(spec.paging, longMode, spec.gdt != null, kernel, source);
        Map<String, String> options = spec.allocatorOptions == null ? Map.of() : Map.copyOf(spec.allocatorOptions);
        Map<String, String> heapOptions = spec.heapOptions == null ? Map.of() : Map.copyOf(spec.heapOptions);
        if (spec.heap != null && !paging.enabled()) {
            throw source.error("heap", "a kernel heap lives in the kernel address space and needs paging on");
        }
        return new BootPlan(name, map, kernel, spec.allocator, options, longMode, paging, spec.heap, heapOptions);
    }

    private static String defaultName(String source) {
        String file = Path.of(source).getFileName().toString();
        return file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    }

    private static MemoryMap memoryMap(MachineSpec spec, SpecSource source, Path baseDir, MemoryMapFormat format) {
        int given = (spec.ram != null ? 1 : 0) + (spec.memoryMap != null ? 1 : 0) + (spec.memoryMapFile != null ? 1 : 0);
        if (given != 1) {
            throw source.error("give exactly one of the fields ram, memoryMap, memoryMapFile (found " + given + ")");
        }
        try {
            if (spec.ram != null) {
                long ram = number(spec.ram, source, "ram");
                if (ram % PAGE != 0) {
                    throw source.error("ram", spec.ram + " is not a multiple of 4 KiB");
                }
                if (ram < PcMemoryMap.MIN_RAM) {
                    throw source.error("ram", spec.ram + " is less than the 2 MiB a PC needs");
                }
                return format.normalise(PcMemoryMap.forRam(ram), source + " (ram " + spec.ram + ")");
            }
            if (spec.memoryMap != null) {
                List<MemoryRegion> regions = new ArrayList<>();
                for (int i = 0; i < spec.memoryMap.size(); i++) {
                    regions.add(region(spec.memoryMap.get(i), source, "memoryMap[" + i + "]"));
                }
                return format.normalise(regions, source.name());
            }
            Path file = baseDir.resolve(spec.memoryMapFile);
            return format.parse(file);
        } catch (MemoryMapException e) {
            throw new MachineException(e.getMessage(), e);
        }
    }

    private static MemoryRegion region(MachineSpec.Region r, SpecSource source, String field) {
        if (r == null || r.base == null || r.type == null || (r.length == null) == (r.end == null)) {
            throw source.error(field, "needs base, type and one of length or end");
        }
        long base = number(r.base, source, field + ".base");
        long length = r.length != null ? number(r.length, source, field + ".length")
                : number(r.end, source, field + ".end") - base;
        if (length <= 0) {
            throw source.error(field, "the region is empty or ends before it starts");
        }
        return new MemoryRegion(base, length, regionType(r.type, source, field + ".type"));
    }

    static RegionType regionType(String text, SpecSource source, String field) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (RegionType type : RegionType.values()) {
            if (t.equals(type.linuxName().toLowerCase(Locale.ROOT)) || t.equals(type.name().toLowerCase(Locale.ROOT))
                    || t.equals(Integer.toString(type.e820Code()))) {
                return type;
            }
        }
        throw source.error(field, "\"" + text
                + "\" is not a region type (usable, reserved, ACPI data, ACPI NVS, unusable, or 1-5)");
    }

    private static List<KernelSection> kernel(MachineSpec.Kernel k, SpecSource source, MemoryMap map) {
        long start = k == null || k.physStart == null ? DEFAULT_KERNEL_START : number(k.physStart, source, "kernel.physStart");
        if (start % PAGE != 0) {
            throw source.error("kernel.physStart", Numbers.hex16(start) + " is not 4 KiB aligned");
        }
        boolean defaulted = k == null || k.sections == null;
        List<MachineSpec.Section> sections = defaulted ? defaultSections() : k.sections;
        if (sections.isEmpty()) {
            throw source.error("kernel.sections", "the kernel needs at least one section");
        }
        List<KernelSection> out = new ArrayList<>();
        long pa = start;
        for (int i = 0; i < sections.size(); i++) {
            MachineSpec.Section s = sections.get(i);
            // Default sections have no line of their own: blame the start address the user gave.
            String field = defaulted ? "kernel.physStart" : "kernel.sections[" + i + "]";
            if (s == null || s.name == null || s.size == null) {
                throw source.error(field, "needs name and size");
            }
            long size = number(s.size, source, field + ".size");
            if (size <= 0 || size % PAGE != 0) {
                throw source.error(field + ".size", s.size + " is not a positive multiple of 4 KiB");
            }
            String rights = s.rights == null ? "rw-" : s.rights;
            if (!rights.matches("r[w-][x-]")) {
                throw source.error(field + ".rights", "\"" + rights + "\" is not r-x, r--, rw- or rwx");
            }
            if (!map.isUsable(pa, size)) {
                throw source.error(field, String.format(Locale.ROOT,
                        "section %s at 0x%x-0x%x is not inside usable RAM (the kernel starts at kernel.physStart 0x%x; usable RAM is %s)",
                        s.name, pa, pa + size - 1, start, usableSummary(map)));
            }
            out.add(new KernelSection(s.name, pa, size, rights));
            pa += size;
        }
        return out;
    }

    private static String usableSummary(MemoryMap map) {
        List<String> parts = new ArrayList<>();
        for (MemoryRegion r : map.regions()) {
            if (r.type() == RegionType.USABLE) {
                parts.add(String.format(Locale.ROOT, "0x%x-0x%x", r.base(), r.last()));
            }
        }
        return String.join(", ", parts);
    }

    static List<MachineSpec.Section> defaultSections() {
        return List.of(section(".text", "1M", "r-x"), section(".rodata", "256K", "r--"), section(".data", "256K", "rw-"),
                section(".bss", "512K", "rw-"));
    }

    private static MachineSpec.Section section(String name, String size, String rights) {
        MachineSpec.Section s = new MachineSpec.Section();
        s.name = name;
        s.size = size;
        s.rights = rights;
        return s;
    }

    static long number(String text, SpecSource source, String field) {
        try {
            return Numbers.parse(text, "value");
        } catch (IllegalArgumentException e) {
            throw source.error(field, "\"" + text + "\" is not a number (use 0x1000, 4096, 128M or 4G)");
        }
    }
}
