package memwb.machine;

import java.util.Map;

import memwb.api.machine.MachineException;

/**
 * Where a spec came from and the line each field stood on, so an error about a value names the
 * file, the line and the field: {@code qemu.json:7: field kernel.physStart: ...}.
 */
record SpecSource(String name, Map<String, Integer> lines) {
    MachineException error(String field, String message) {
        Integer line = lines.get(field);
        return new MachineException(name + (line != null ? ":" + line : "") + ": field " + field + ": " + message);
    }

    MachineException error(String message) {
        return new MachineException(name + ": " + message);
    }
}
