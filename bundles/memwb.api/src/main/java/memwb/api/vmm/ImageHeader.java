package memwb.api.vmm;

import java.nio.file.Path;

import memwb.api.gdt.Gdtr;

/**
 * What an export directory holds besides the bytes: the registers and GDTR from registers.json,
 * the paging mode's name and the size of ram.bin (the physical limit of the exported RAM).
 */
public record ImageHeader(Path dir, ControlRegisters registers, Gdtr gdtr, String mode, long ramBytes) {
}
