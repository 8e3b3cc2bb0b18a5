package memwb.views.physical;

import memwb.api.ram.PhysicalMemory;

/** Physical RAM as the Hex view reads it: bytes in holes are unreadable, and a write there is refused. */
final class PhysicalSource implements ByteSource {
    private final PhysicalMemory ram;

    PhysicalSource(PhysicalMemory ram) {
        this.ram = ram;
    }

    @Override
    public long end() {
        return ram.limit();
    }

    @Override
    public String space() {
        return "physical";
    }

    @Override
    public String read(long address, byte[] dst, boolean[] readable) {
        String why = null;
        for (int i = 0; i < dst.length; i++) {
            long pa = address + i;
            readable[i] = pa >= 0 && ram.isInstalled(pa);
            if (readable[i]) {
                dst[i] = (byte) ram.read8(pa);
            } else if (why == null) {
                why = String.format("0x%x is not installed RAM (a hole in the memory map)", pa);
            }
        }
        return why;
    }

    /** Writes through PhysicalMemory after checking every byte is installed RAM. */
    @Override
    public void write(long address, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (!ram.isInstalled(address + i)) {
                throw new IllegalArgumentException(String.format(
                        "cannot write at 0x%x: not installed RAM (a hole in the memory map); nothing written", address + i));
            }
        }
        ram.write(address, bytes, 0, bytes.length);
    }
}
