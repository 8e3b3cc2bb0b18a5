package memwb.vmm;

import memwb.api.gdt.Gdtr;
import memwb.api.vmm.ControlRegisters;

/**
 * The commands that load an export into qemu-system-x86_64: the generic loader device copies
 * ram.bin to physical address 0 at reset; with -S the CPU never runs, so neither firmware nor
 * anything else changes RAM; gdb then writes the control registers through QEMU's gdb stub (which
 * has cr0, cr2, cr3, cr4 and efer) and passes {@code info tlb} / {@code info mem} to the monitor.
 */
final class QemuScript {
    private static final long MIB = 1L << 20;
    /** The loader reads a raw file into an int-sized buffer. */
    private static final long LOADER_LIMIT = (1L << 31) - 1;
    /** Above this, the pc machine moves RAM past 4 GiB to make room for the PCI hole. */
    private static final long PC_LOW_RAM = 0xe0000000L;
    /** QEMU's stub takes 32-bit control-register writes while the CPU is not in 64-bit code. */
    private static final long STUB_REGISTER_LIMIT = 1L << 32;

    private QemuScript() {
    }

    /*
     * Register numbers of QEMU's x86-64 gdb target description (gdb: maint print remote-registers).
     * gdb types cr0, cr4 and efer as flag sets and refuses `set $cr4 = 0xa0` ("Invalid cast"), so
     * the script writes them with remote-protocol P packets: P<number>=<8 bytes, little-endian hex>.
     */
    static final int GDB_CR0 = 0x1b;
    static final int GDB_CR2 = 0x1c;
    static final int GDB_CR3 = 0x1d;
    static final int GDB_CR4 = 0x1e;
    static final int GDB_EFER = 0x20;

    /** qemu.gdb: register loads in the order QEMU needs, then the monitor commands. */
    static String gdb(ControlRegisters regs) {
        return "set architecture i386:x86-64\n"
                + "target remote localhost:1234\n"
                + packet(GDB_CR4, regs.cr4()) + packet(GDB_EFER, regs.efer()) + packet(GDB_CR3, regs.cr3())
                + packet(GDB_CR2, regs.cr2()) + packet(GDB_CR0, regs.cr0())
                + "maintenance flush register-cache\n"
                + "info registers cr0 cr2 cr3 cr4 efer\n"
                + "monitor info tlb\n"
                + "monitor info mem\n"
                + "detach\n";
    }

    /** A gdb remote-protocol register write: the value as 8 little-endian bytes in hex. */
    static String packet(int register, long value) {
        StringBuilder hex = new StringBuilder();
        for (int b = 0; b < 8; b++) {
            hex.append(String.format("%02x", (value >>> (8 * b)) & 0xff));
        }
        return String.format("maintenance packet P%x=%s%n", register, hex);
    }

    static String instructions(long ramBytes, ControlRegisters regs, Gdtr gdtr, String mode) {
        long megs = Math.max(2, (ramBytes + MIB - 1) / MIB);
        StringBuilder sb = new StringBuilder();
        sb.append("# Memory Workbench export: load this RAM image and these registers into QEMU and compare its\n")
          .append("# page tables with the workbench's. Paging mode: ").append(mode).append(". ram.bin holds physical\n")
          .append(String.format("# memory 0x0-0x%x (%d bytes); registers.json holds CR0, CR2, CR3, CR4, EFER and the GDTR.%n",
                  ramBytes, ramBytes))
          .append("# Needs qemu-system-x86_64 and gdb. Run both commands in this directory.\n")
          .append("#\n")
          .append("# 1. Start QEMU, paused, with ram.bin in guest RAM at physical address 0:\n")
          .append(String.format("qemu-system-x86_64 -machine pc -accel tcg -cpu max -m %dM -display none -monitor stdio "
                  + "-S -gdb tcp::1234 -device loader,file=ram.bin,addr=0,force-raw=on%n", megs))
          .append("#\n")
          .append("#   -machine pc       an i440FX PC: guest RAM is contiguous from physical 0 up to -m\n")
          .append("#   -accel tcg        QEMU's own CPU emulation (with KVM the host CPU would do the paging)\n")
          .append("#   -cpu max          every paging feature TCG has: PSE-36, NX, 1 GiB pages, LA57, SMEP, SMAP\n")
          .append(String.format("#   -m %dM%s guest RAM, at least the size of ram.bin (the loader refuses a bigger file)%n",
                  megs, " ".repeat(Math.max(1, 14 - ("-m " + megs + "M").length()))))
          .append("#   -display none     no window; -monitor stdio puts QEMU's monitor in this terminal\n")
          .append("#   -S                start with the CPU stopped: no firmware runs, nothing changes RAM\n")
          .append("#   -gdb tcp::1234    a gdb stub on port 1234, to load the control registers below\n")
          .append("#   -device loader,file=ram.bin,addr=0,force-raw=on\n")
          .append("#                     the generic loader copies ram.bin to physical 0 at reset (force-raw:\n")
          .append("#                     a raw image, do not parse it as ELF)\n")
          .append("#   On a pc machine 0xa0000-0xfffff is VGA memory and BIOS ROM, not RAM: bytes ram.bin holds\n")
          .append("#   there do not show in QEMU (the firmware's reserved area; the workbench keeps tables out of it).\n");
        if (ramBytes > LOADER_LIMIT) {
            sb.append("#   WARNING: ram.bin is larger than 2 GiB, which the loader cannot read; use gdb's\n")
              .append("#   `restore ram.bin binary 0` after `maintenance packet Qqemu.PhyMemMode:1` instead (slow).\n");
        }
        if (ramBytes > PC_LOW_RAM) {
            sb.append("#   WARNING: with more than 3.5 GiB the pc machine maps RAM above the PCI hole at 4 GiB, so\n")
              .append("#   physical addresses from 0xe0000000 differ from the workbench's.\n");
        }
        sb.append("#\n")
          .append("# 2. In a second terminal, load the control registers and ask for the listings:\n")
          .append("gdb -batch -x qemu.gdb\n")
          .append("#\n")
          .append("#   qemu.gdb holds these lines (paste them into an interactive gdb just as well):\n");
        for (String line : gdb(regs).split("\n")) {
            sb.append("#     ").append(line).append('\n');
        }
        sb.append("#   set architecture   QEMU's x86-64 register layout (the CPU is stopped at reset, in real mode)\n")
          .append("#   target remote      attach to QEMU's stub\n")
          .append("#   maintenance packet P1e=...  CR4 first: CR0.PG with EFER.LME enters long mode only if CR4.PAE is set\n")
          .append("#   maintenance packet P20=...  EFER: LME, LMA, NXE\n")
          .append("#   maintenance packet P1d=...  CR3: the root paging structure\n")
          .append("#   maintenance packet P1c=...  CR2: the last page-fault address (informational)\n")
          .append("#   maintenance packet P1b=...  CR0 last: PG turns paging on\n")
          .append("#     (P<register>=<8 bytes, little-endian>: gdb's own `set $cr4 = 0xa0` is refused with\n")
          .append("#     \"Invalid cast\" because it types these registers as flag sets)\n")
          .append("#   info registers     shows what QEMU now holds\n")
          .append("#   monitor info tlb   gdb passes monitor commands to QEMU; also typed at the (qemu) prompt\n")
          .append("#   detach             leave QEMU running, paused, for more monitor commands\n");
        if (Long.compareUnsigned(regs.cr3(), STUB_REGISTER_LIMIT) >= 0) {
            sb.append("#   WARNING: CR3 is above 4 GiB; QEMU's stub writes only 32 bits while the CPU is not in\n")
              .append("#   64-bit code, so load this image with the root table below 4 GiB.\n");
        }
        sb.append(String.format("#   The GDTR (base 0x%x, limit 0x%x) has no register in QEMU's gdb stub; paging does not use it.%n",
                gdtr.base(), gdtr.limit() & 0xffff))
          .append("#\n")
          .append("# 3. Compare: QEMU's info tlb and info mem must equal the workbench's line for line:\n")
          .append("gdb -batch -x qemu.gdb 2>/dev/null | tr -d '\\r' | grep -E '^[0-9a-f]{8,16}[:-]' > qemu-info.txt\n")
          .append("#   then diff qemu-info.txt with the workbench's `info tlb` followed by `info mem`.\n");
        return sb.toString();
    }
}
