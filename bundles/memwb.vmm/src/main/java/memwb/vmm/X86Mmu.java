package memwb.vmm;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PS;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;
import static memwb.vmm.Tlb.R_D;
import static memwb.vmm.Tlb.R_G;
import static memwb.vmm.Tlb.R_U;
import static memwb.vmm.Tlb.R_W;
import static memwb.vmm.Tlb.R_X;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

import memwb.api.paging.PagingMode;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageFaultException;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.TlbEntryInfo;
import memwb.api.vmm.TlbStats;
import memwb.api.vmm.Translation;

/**
 * The paging unit: TLB first, then the walk of SDM vol. 3A, 4.4-4.6 over the tables in RAM.
 *
 * <p>The walk checks P, then the reserved bits, then sets A in the entry and goes down; rights are
 * checked at the leaf, whose A (and D on a write) are set only if the access is allowed. That is the
 * order QEMU's walker uses; Intel allows either for the leaf. A permission fault from a cached TLB
 * entry drops that entry, as a real #PF does, without walking: that is how lazily flushed
 * permission upgrades give Linux its "spurious" faults. A write through a cached entry whose D is
 * clear walks again so D gets set in RAM.
 *
 * <p>PAE note: Intel CPUs load the four PDPTEs into registers at MOV CR3 and report their reserved
 * bits as #GP there; like QEMU and AMD CPUs, this walker reads them from RAM on every walk and
 * reports a reserved PDPTE bit as a #PF with RSVD.
 */
final class X86Mmu implements Mmu {
    private static final long PAGE = 4096;
    private static final int PAGE_SHIFT = 12;
    private static final long LOW_32_BITS = 0xffffffffL;
    private static final int NO_LEVEL = 0;
    private static final int WHY_NOT_PRESENT = 100;
    private static final int WHY_RESERVED = 101;

    private final PhysicalMemory ram;
    private final ControlRegisters regs;
    private final Tlb tlb;
    /**
     * The TLB's 4 KiB array and set mask as the hot path sees them, held here so a hit costs as few
     * loads as possible: {@link #tlb4k} and {@link #tlbMask} while the plan is current, and
     * {@link #NEVER_HITS} and 0 from a register change until {@link #plan} runs again, so the hot path
     * needs no test of its own for a stale plan.
     */
    private long[] e4k = NEVER_HITS;
    private int setMask;
    /** One slot whose tag no page number (at most 52 bits) equals. Never written. */
    private static final long[] NEVER_HITS = {-1L, 0};
    private final long[] tlb4k;
    private final int tlbMask;
    private final int wayStride;
    /** Registered with the registers (which hold it weakly): a set of any of them makes the plan stale. */
    private final Runnable registersChanged = this::planStale;
    /** False for a TLB without 4 KiB (large-page) entries, so a walk need not ask the TLB. */
    private final boolean fills4k;
    private final boolean hasLarge;
    private PagingMode mode;
    private long version;
    /** Hot-path hits and all misses, kept here rather than in the TLB to save a load; added in {@link #tlbStats()}. */
    private long hits;
    private long misses;

    // The walk plan (see plan()), redone on the first translate after a register or mode change.
    private static final int MAX_LEVELS = 5;
    private boolean stale = true;
    private boolean pagingOn;
    private boolean modeMismatch;
    private int levels;
    private boolean wideEntries;
    /** Index bits per level (9, or 10 for 32-bit paging; PAE's 2-bit PDPT index needs no mask as VAs are 32-bit). */
    private int indexBits;
    private long indexMask;
    private long frameMask4k;
    /**
     * Per level, {@link #STRIDE} longs: reserved bits of a table entry and of a PS entry, flags (PS
     * makes a leaf), table-address mask, leaf size, the A bit to set, rights let through.
     * One array, so the walk loads one reference however many levels it reads.
     */
    private final long[] plan = new long[(MAX_LEVELS + 1) * STRIDE];
    private static final int STRIDE = 9;
    private static final int P_RSVD_TABLE = 0;
    private static final int P_RSVD_LARGE = 1;
    private static final int P_FLAGS = 2;
    private static final int P_TABLE_ADDRESS = 3;
    private static final int P_LEAF_SIZE = 4;
    /** A to set in a used entry (0 where the level has no A bit, as in PAE PDPTEs), and rights ORed in there. */
    private static final int P_A_BIT = 5;
    private static final long F_PS_LEAF = 1;
    /** Rights a level without R/W and U/S (a PAE PDPTE) lets through. */
    private static final int P_RIGHTS_OR = 6;
    /**
     * The fast walk's test: the bits of an entry it looks at (P, reserved, PS where PS makes a leaf, A
     * where the level has one) and the values they must have (P and A set, the rest clear) for the walk
     * to go down without writing anything. Any other entry makes the fast walk hand over to the full one.
     */
    private static final int P_CHECK = 7;
    private static final int P_WANT = 8;
    // Where levels 1 to 3 start in the plan, and each level's index scaled to a byte
    // offset (9 index bits per level, 8-byte entries): bits 20:12 of the address for level 1, and so on.
    private static final int L1 = STRIDE;
    private static final int L2 = 2 * STRIDE;
    private static final int L3 = 3 * STRIDE;
    private static final int FAST_INDEX_BITS = 9;
    private static final long INDEX8 = ((1L << FAST_INDEX_BITS) - 1) << 3;
    private static final int SHIFT8_1 = PAGE_SHIFT - 3;
    private static final int SHIFT8_2 = SHIFT8_1 + FAST_INDEX_BITS;
    private static final int SHIFT8_3 = SHIFT8_2 + FAST_INDEX_BITS;
    private static final int SHIFT8_4 = SHIFT8_3 + FAST_INDEX_BITS;
    private static final int SHIFT8_5 = SHIFT8_4 + FAST_INDEX_BITS;
    /** XD's bit: shifted down by this, it lands in bit 0 of the fold index (see {@link #fillByEntryBits}). */
    private static final int XD_SHIFT = 63;
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK_OFFSET_MASK = PhysicalMemory.CHUNK_SIZE - 1;
    private static final long CHUNK_BASE_MASK = ~(long) CHUNK_OFFSET_MASK;
    /** Never a chunk's base (bases are CHUNK_SIZE aligned): no address matches before the first table read. */
    private static final long NO_CHUNK = 1;
    /** The bits of a 4 KiB table's address that are also bits of its offset in its chunk (15:12). */
    private static final int TABLE_OFFSET_BITS = CHUNK_OFFSET_MASK & ~(int) (PAGE - 1);
    /** The RAM chunk the fast walk last read a table entry from, and its bytes (see {@link #switchChunk}). */
    private long tableChunkBase = NO_CHUNK;
    private byte[] tableChunk = new byte[0];
    /**
     * The fast walk's test of a table entry at every level but PAE's PDPT (P, reserved bits, PS and A;
     * P and A wanted), the same of a 4 KiB leaf, and the table-address mask. {@link #plan} lets the
     * fast walk run only when the plan has one value of each for every such level.
     */
    private long tableCheck;
    private long leafCheck;
    private long tableAddress;
    /** {@link #tableCheck} plus the table-address bits that pick a chunk (disjoint from it, see {@link #plan}). */
    private long tableCheckAndChunk;
    /** True if {@link #walk} may try the unrolled fast walk (8-byte entries, 9 index bits, 3 to 5 levels). */
    private boolean fastWalk;
    /** The root table CR3 points at. */
    private long root;
    /**
     * The mode's canonical test as one add and shift: {@code va} is canonical if {@code va + canonicalBias}
     * has no bit at or above linearBits (the bias is 2^(bits-1) where the top bits must copy bit bits-1,
     * 0 where they must be 0).
     */
    private long canonicalBias;
    private int linearBits;
    /** XD where EFER.NXE makes it count, else 0. */
    private long xdMask;
    /** R_G where CR4.PGE makes G count, else 0. */
    private int globalRight;
    /**
     * Per cached rights value r (R_W | R_U | R_X | R_D | R_G): in bit {@code Tlb.ALLOWED_SHIFT + key}
     * whether the current registers let access kind key (access << 1 | user) through on the hot path;
     * TLB entries carry their value (see {@link Tlb#recodeAllowed}).
     */
    private final int[] allowedByRights = new int[1 << 5];
    /**
     * The fast walk's rights fold as one lookup: indexed by R/W and U/S ANDed over the levels (bits 1
     * and 2, where the entries have them), XD seen at any level with NXE (bit 0, where entries have
     * P, always 1 in a used entry and so free) and the leaf's D and G (bits 6 and 8), it holds the
     * cached rights with G only under CR4.PGE, and their allowed bits: what a 4 KiB TLB entry keeps.
     */
    private final int[] fillByEntryBits = new int[FOLD_INDEX_LIMIT];
    private static final int FOLD_BITS = (int) (RW | US | D | G);
    private static final int FOLD_INDEX_LIMIT = FOLD_BITS + 2;

    // What the last slow translate found, so translateDetailed can explain it; the hot path writes none of it.
    private boolean walked;
    private long lastPageSize;
    private int lastRights;
    private int lastWhy;
    private int lastLevel;
    private long lastEntryAddress;
    private long lastEntry;

    X86Mmu(PhysicalMemory ram, PagingMode mode, ControlRegisters regs, TlbConfig config) {
        this.ram = Objects.requireNonNull(ram, "ram");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.regs = Objects.requireNonNull(regs, "registers");
        this.tlb = new Tlb(Objects.requireNonNull(config, "tlb"));
        // Without 4 KiB entries, one slot whose tag no page number equals, so the hot path needs no test.
        this.tlb4k = tlb.e4k.length == 0 ? NEVER_HITS : tlb.e4k;
        this.tlbMask = tlb.mask4k;
        this.wayStride = tlb.wayStride4k;
        this.fills4k = tlb.e4k.length > 0;
        this.hasLarge = config.entriesLarge() > 0;
        regs.addChangeListener(registersChanged);
    }

    /** The registers or the mode changed: the next translate misses the hot path and plans again. */
    private void planStale() {
        stale = true;
        e4k = NEVER_HITS;
        setMask = 0;
    }

    @Override
    public PhysicalMemory ram() {
        return ram;
    }

    @Override
    public PagingMode mode() {
        return mode;
    }

    @Override
    public ControlRegisters registers() {
        return regs;
    }

    @Override
    public long translate(long va, Access access, Privilege privilege) {
        return translate(va, accessKey(access) | (privilege == Privilege.USER ? 1 : 0));
    }

    /** {@link #translate(long, Access, Privilege)} with the access kind as {@code access << 1 | user}. */
    private long translate(long va, int key) {
        // Hot path: a hit in the most recently used way of the page's set whose entry says the access
        // is allowed (its allowed bits are all clear while paging is off, so that case takes the slow
        // path). A non-canonical address never hits: the TLB only holds canonical pages, so that check
        // waits for a miss.
        // The data is loaded with the tag, so the JIT checks both indexes with one bounds check, and the
        // allowed bit is a mask, a constant for a constant access kind.
        long vpn = va >>> 12;
        long[] e = e4k;
        int front = ((int) vpn & setMask) << Tlb.SLOT_SHIFT;
        long data = e[front + Tlb.DATA];
        if (e[front + Tlb.TAG] == vpn) {
            if ((data & 1L << (Tlb.ALLOWED_SHIFT + key)) != 0) {
                hits++;
                return (data & ~0xfffL) | (va & 0xfff);
            }
            return slowHit(front / Tlb.SLOT, va, key);
        }
        return notMostRecent(va, key, vpn, front);
    }

    /**
     * {@code access.ordinal() << 1} (AccessRules' numbering), by comparisons first: a caller's constant
     * READ or WRITE folds to a constant this way, where reading the ordinal costs a load on every hit.
     */
    private static int accessKey(Access access) {
        return access == Access.READ ? AccessRules.READ << 1
                : access == Access.WRITE ? AccessRules.WRITE << 1 : access.ordinal() << 1; // null: NPE as before
    }

    /** The rest of {@link #translate} when the set's most recently used way does not hold the page. */
    private long notMostRecent(long va, int key, long vpn, int front) {
        if (stale) {
            plan(); // the hot path missed because the plan is stale: now it has the TLB again
            return translate(va, key);
        }
        long[] e = e4k;
        for (int i = front + wayStride; i < e.length; i += wayStride) {
            if (e[i + Tlb.TAG] == vpn) {
                long data = e[i + Tlb.DATA];
                if ((data & 1L << (Tlb.ALLOWED_SHIFT + key)) != 0) {
                    hits++;
                    tlb.promote4k(i); // not the most recently used way: move it to the front
                    return (data & ~0xfffL) | (va & 0xfff);
                }
                return slowHit(i / Tlb.SLOT, va, key);
            }
        }
        if (!pagingOn) {
            return pagingOff(va);
        }
        int large = hasLarge ? tlb.findLarge(va) : -1;
        if (large >= 0) {
            return slowHit(large, va, key);
        }
        if ((va + canonicalBias) >>> linearBits != 0) {
            return Mmu.GENERAL_PROTECTION; // not canonical (see plan())
        }
        misses++;
        return walk(va, 1 << (Tlb.ALLOWED_SHIFT + key));
    }

    private long pagingOff(long va) {
        walked = true;
        lastPageSize = PAGE;
        lastRights = R_W | R_U | R_X;
        return va & LOW_32_BITS; // without paging, linear is physical (and 32 bits wide)
    }

    /** A TLB hit that needs more than the hot path: a large page, a denial, or a write to a clean page. */
    private long slowHit(int slot, long va, int key) {
        if (!pagingOn) {
            return pagingOff(va); // entries left from before CR0.PG was cleared behind the MMU's back
        }
        int acc = key >> 1;
        boolean user = (key & 1) != 0;
        int rights = tlb.rights(slot);
        int why = AccessRules.deny(rights, acc, user, regs);
        if (why != AccessRules.OK) {
            // The cached rights deny it: #PF without a walk, and the fault drops the entry.
            tlb.hits++;
            tlb.drop(slot);
            version++;
            lastRights = rights;
            return fault(va, PageFault.P | AccessRules.accessBits(acc, user, regs), why, NO_LEVEL, -1, 0);
        }
        if (acc != AccessRules.WRITE || (rights & R_D) != 0) {
            long pa = tlb.physical(slot, va);
            tlb.touch(slot);
            return pa;
        }
        // An allowed write through a clean entry: the CPU walks again to set D in RAM.
        misses++;
        return walk(va, 1 << (Tlb.ALLOWED_SHIFT + key));
    }

    /**
     * Derives from the mode and the registers what the hot path and the walk need, so neither asks
     * the mode per access: the index width (every x86 mode adds a fixed number of index bits per
     * level above bit 12), and per level the reserved-bit masks of a table entry and of a PS entry,
     * whether PS makes a leaf, the table-address mask; and per access kind the set of cached rights
     * values that allow it. Everything comes from the PagingMode's own answers. Runs again on the
     * first translate after a register or the mode changed (the registers tell this MMU through its
     * change listener, see {@link #planStale}).
     */
    private void plan() {
        ControlRegisters r = regs;
        PagingMode m = mode;
        stale = false;
        e4k = tlb4k;
        setMask = tlbMask;
        pagingOn = r.paging();
        modeMismatch = pagingOn && !r.pagingModeName().equals(m.name());
        boolean pse = r.pse();
        boolean nxe = r.nxe();
        levels = m.levels();
        wideEntries = m.entrySize() == 8;
        indexBits = m.indexShift(2) - m.indexShift(1);
        indexMask = (1L << indexBits) - 1;
        for (int l = 1; l <= levels; l++) {
            if (m.indexShift(l) != PAGE_SHIFT + indexBits * (l - 1)) {
                throw new IllegalStateException(m.name() + ": level " + l + " index does not start at bit "
                        + (PAGE_SHIFT + indexBits * (l - 1)));
            }
        }
        for (int l = 1; l <= levels; l++) {
            int at = l * STRIDE;
            boolean psLeaf = l > 1 && m.leafSize(l) != 0 && m.isLeaf(P | PS, l, pse);
            // Where PS does not make a leaf, one mask serves every entry (and keeps PS where it is
            // reserved, as in a PML4E); where it does, table entries and PS leaves differ.
            plan[at + P_RSVD_TABLE] = m.reservedBits(psLeaf ? ~PS : -1L, l, pse, nxe);
            plan[at + P_RSVD_LARGE] = m.reservedBits(-1L, l, pse, nxe);
            plan[at + P_FLAGS] = psLeaf ? F_PS_LEAF : 0;
            plan[at + P_A_BIT] = m.controlsRights(l) ? A : 0;
            plan[at + P_RIGHTS_OR] = m.controlsRights(l) ? 0 : R_W | R_U | R_X;
            plan[at + P_TABLE_ADDRESS] = l > 1 ? m.address(~PS, l, pse) : 0;
            plan[at + P_LEAF_SIZE] = m.leafSize(l);
            // Every entry the fast walk uses needs A set already; D is left to the rights check.
            long a = plan[at + P_A_BIT];
            plan[at + P_CHECK] = P | plan[at + P_RSVD_TABLE] | (psLeaf ? PS : 0) | a;
            plan[at + P_WANT] = P | a;
        }
        frameMask4k = m.address(~PS, 1, pse);
        root = m.rootTable(r.cr3());
        linearBits = m.linearAddressBits();
        canonicalBias = m.isCanonical(-1L) ? 1L << (linearBits - 1) : 0;
        xdMask = nxe ? XD : 0;
        globalRight = r.pge() ? R_G : 0;
        tableCheck = plan[L2 + P_CHECK];
        tableAddress = plan[L2 + P_TABLE_ADDRESS];
        leafCheck = plan[L1 + P_CHECK];
        tableCheckAndChunk = tableCheck | (tableAddress & CHUNK_BASE_MASK);
        // The fast walk takes a table's offset in its chunk from the entry's bits 15:12 and, in one
        // compare, tests the entry and the chunk its table is in: the two sets of bits must not overlap.
        boolean foldable = (tableAddress & TABLE_OFFSET_BITS) == TABLE_OFFSET_BITS
                && (tableCheck & tableAddress) == 0 && (plan[L3 + P_TABLE_ADDRESS] & TABLE_OFFSET_BITS) == TABLE_OFFSET_BITS;
        boolean sameTables = plan[L1 + P_WANT] == (P | A);
        for (int l = 2; l <= levels; l++) {
            boolean paeTop = levels == 3 && l == 3;
            sameTables &= paeTop ? plan[L3 + P_A_BIT] == 0 : plan[l * STRIDE + P_CHECK] == tableCheck
                    && plan[l * STRIDE + P_WANT] == (P | A) && plan[l * STRIDE + P_TABLE_ADDRESS] == tableAddress;
        }
        fastWalk = wideEntries && !modeMismatch && indexBits == FAST_INDEX_BITS && levels >= 3 && levels <= MAX_LEVELS
                && m.leafSize(1) == PAGE && sameTables && foldable;
        for (int rights = 0; rights < allowedByRights.length; rights++) {
            int allowed = 0;
            for (int acc = 0; acc < 3; acc++) {
                for (int user = 0; user < 2; user++) {
                    boolean ok = pagingOn && AccessRules.deny(rights, acc, user == 1, r) == AccessRules.OK
                            && (acc != AccessRules.WRITE || (rights & R_D) != 0);
                    allowed |= ok ? 1 << (Tlb.ALLOWED_SHIFT + (acc << 1 | user)) : 0;
                }
            }
            allowedByRights[rights] = allowed;
        }
        for (int bits = 0; bits < FOLD_INDEX_LIMIT; bits++) {
            if ((bits & ~(FOLD_BITS | 1)) == 0) {
                int cached = ((bits & (int) RW) != 0 ? R_W : 0) | ((bits & (int) US) != 0 ? R_U : 0)
                        | ((bits & 1) == 0 ? R_X : 0) | ((bits & (int) D) != 0 ? R_D : 0) | ((bits & (int) G) != 0 ? globalRight : 0);
                fillByEntryBits[bits] = cached | allowedByRights[cached];
            }
        }
        tlb.recodeAllowed(allowedByRights);
    }

    /**
     * The translating walk. With 8-byte entries and 9 index bits per level (PAE, 4-level, 5-level) it
     * first tries the common case without writing anything: every table entry present, reserved bits
     * and PS clear and A already set, and a 4 KiB leaf with A set (and D for a write) whose rights allow
     * the access. Then nothing in RAM changes and it only fills the TLB. Anything else goes to
     * {@link #fullWalk}, which reads the same entries again and does exactly what it would have done
     * alone (the fast try has no side effects).
     *
     * <p>The levels are written out rather than looped over (a loop measured slower): each one is a
     * read from the chunk array in a local, a compare and two masks with constant shifts, and the CPU
     * can overlap one walk's tail with the next walk's head. Between two dependent reads there are
     * only an AND and an ADD: the offset is a long, as an int the JIT put a sign extension there too.
     * R/W and U/S are ANDed over the levels and XD ORed, as in fullWalk, but folded once at the end,
     * by one table lookup. It is too big to inline into translate on purpose: inlined, it measured no
     * faster and made the TLB hit slower.
     */
    private long walk(long va, int accessBit) {
        if (!fastWalk) {
            return fullWalk(va, accessBit);
        }
        // Every level but PAE's PDPT takes the same test, kept in a local, and folded into it the test
        // that the table the entry points at lies in the chunk of RAM in the local chunk: one compare per
        // level says both "go down without writing" and "the next entry is chunk[off]". When only the
        // chunk differs, the walk switches to the next table's chunk and goes on. The entry test alone
        // is read from its field on that rare path only: one register fewer measured 5% faster.
        long checkAndChunk = tableCheckAndChunk;
        byte[] chunk = tableChunk;
        long table = root;
        if ((table & CHUNK_BASE_MASK) != tableChunkBase && (chunk = switchChunk(table)) == null) {
            return fullWalk(va, accessBit);
        }
        long want = P | A | tableChunkBase;
        long off = table & CHUNK_OFFSET_MASK; // the root may be 32-byte aligned (PAE); other tables are pages
        long andBits = -1L; // R/W and U/S of every level that has them
        long orBits = 0;    // XD of every level that has it
        long e;
        switch (levels) {
            case 5:
                e = (long) LE64.get(chunk, (int) (off + ((va >>> SHIFT8_5) & INDEX8)));
                if ((e & checkAndChunk) != want) {
                    if ((e & tableCheck) != (P | A) || (chunk = switchChunk(e & tableAddress)) == null) {
                        return fullWalk(va, accessBit);
                    }
                    want = P | A | tableChunkBase;
                }
                andBits = e;
                orBits = e;
                off = e & TABLE_OFFSET_BITS;
                // fall through
            case 4:
                e = (long) LE64.get(chunk, (int) (off + ((va >>> SHIFT8_4) & INDEX8)));
                if ((e & checkAndChunk) != want) {
                    if ((e & tableCheck) != (P | A) || (chunk = switchChunk(e & tableAddress)) == null) {
                        return fullWalk(va, accessBit);
                    }
                    want = P | A | tableChunkBase;
                }
                andBits &= e;
                orBits |= e;
                off = e & TABLE_OFFSET_BITS;
                e = (long) LE64.get(chunk, (int) (off + ((va >>> SHIFT8_3) & INDEX8)));
                if ((e & checkAndChunk) != want) {
                    if ((e & tableCheck) != (P | A) || (chunk = switchChunk(e & tableAddress)) == null) {
                        return fullWalk(va, accessBit);
                    }
                    want = P | A | tableChunkBase;
                }
                andBits &= e;
                orBits |= e;
                off = e & TABLE_OFFSET_BITS;
                break;
            default:
                // PAE's PDPTE: its own reserved bits, no A, and no R/W, U/S or XD, so it leaves the rights alone.
                e = (long) LE64.get(chunk, (int) (off + ((va >>> SHIFT8_3) & INDEX8)));
                table = e & plan[L3 + P_TABLE_ADDRESS];
                if ((e & plan[L3 + P_CHECK]) != plan[L3 + P_WANT]
                        || (table & CHUNK_BASE_MASK) != tableChunkBase && (chunk = switchChunk(table)) == null) {
                    return fullWalk(va, accessBit);
                }
                want = P | A | tableChunkBase;
                off = table & TABLE_OFFSET_BITS;
        }
        e = (long) LE64.get(chunk, (int) (off + ((va >>> SHIFT8_2) & INDEX8)));
        if ((e & checkAndChunk) != want
                && ((e & tableCheck) != (P | A) || (chunk = switchChunk(e & tableAddress)) == null)) {
            return fullWalk(va, accessBit);
        }
        andBits &= e;
        orBits |= e;
        off = e & TABLE_OFFSET_BITS;
        e = (long) LE64.get(chunk, (int) (off + ((va >>> SHIFT8_1) & INDEX8)));
        if ((e & leafCheck) != (P | A)) {
            return fullWalk(va, accessBit);
        }
        andBits &= e;
        orBits |= e;
        int fill = fillByEntryBits[((int) andBits & (int) (RW | US)) | ((int) e & (int) (D | G))
                | (int) ((orBits & xdMask) >>> XD_SHIFT)];
        if ((fill & accessBit) == 0) {
            return fullWalk(va, accessBit); // a denial (or a write to a clean page): the full walk says which
        }
        long frame = e & frameMask4k;
        if (fills4k) {
            tlb.fill4k(va, frame, fill);
        }
        version++;
        lastRights = fill & (int) Tlb.RIGHTS_MASK;
        lastPageSize = PAGE;
        return frame | (va & (PAGE - 1));
    }

    /** {@link #fullWalk(long, int, boolean, ControlRegisters)} for the access kind whose allowed bit is {@code accessBit}. */
    private long fullWalk(long va, int accessBit) {
        int key = Integer.numberOfTrailingZeros(accessBit) - Tlb.ALLOWED_SHIFT;
        return fullWalk(va, key >> 1, (key & 1) != 0, regs);
    }

    /**
     * Makes the RAM chunk holding the table at {@code table} the fast walk's chunk and returns its
     * array, or null if that chunk is untouched (zero) or partly installed: then the full walk reads
     * it through RAM's checked reads (which refuse a hole).
     */
    private byte[] switchChunk(long table) {
        byte[] chunk = ram.chunkForReading(table);
        if (chunk != null) {
            tableChunkBase = table & CHUNK_BASE_MASK;
            tableChunk = chunk;
        }
        return chunk;
    }

    /** The walk of SDM 4.4-4.6 step by step: sets A/D in RAM and fills the TLB on success. */
    private long fullWalk(long va, int acc, boolean user, ControlRegisters r) {
        if (modeMismatch) {
            checkModeMatches(r);
        }
        PhysicalMemory mem = ram;
        long[] p = plan;
        boolean wide = wideEntries;
        long xdMask = r.nxe() ? -1L : 0;
        long table = mode.rootTable(r.cr3());
        int rights = R_W | R_U | R_X;
        for (int level = levels; level >= 1; level--) {
            int at = level * STRIDE;
            long ea = table + (((va >>> (PAGE_SHIFT + indexBits * (level - 1))) & indexMask) << (wide ? 3 : 2));
            long e = wide ? mem.read64(ea) : mem.read32(ea) & LOW_32_BITS;
            if ((e & P) == 0) {
                return fault(va, AccessRules.accessBits(acc, user, r), WHY_NOT_PRESENT, level, ea, e);
            }
            long flags = p[at + P_FLAGS];
            boolean large = (flags & F_PS_LEAF) != 0 && (e & PS) != 0;
            if ((e & p[at + (large ? P_RSVD_LARGE : P_RSVD_TABLE)]) != 0) {
                return fault(va, PageFault.P | PageFault.RSVD | AccessRules.accessBits(acc, user, r), WHY_RESERVED,
                        level, ea, e);
            }
            // R/W (bit 1) and U/S (bit 2) AND in as R_W and R_U; XD (bit 63, with NXE) clears R_X.
            rights &= ((int) (e >>> 1) & (R_W | R_U)) | ((int) ~(e >> 63 & xdMask) & R_X) | (int) p[at + P_RIGHTS_OR];
            if (level > 1 && !large) {
                long a = p[at + P_A_BIT];
                if ((~e & a) != 0) {
                    writeEntry(ea, e | a);
                }
                table = e & p[at + P_TABLE_ADDRESS];
                continue;
            }
            return leaf(va, acc, user, r, rights, level, ea, e, large, p[at + P_LEAF_SIZE]);
        }
        throw new AssertionError("walk fell off level 1");
    }

    /** The end of a walk at a leaf: the rights check, A and D in RAM, the TLB fill. */
    private long leaf(long va, int acc, boolean user, ControlRegisters r, int rights, int level, long ea, long e,
            boolean large, long size) {
        int why = AccessRules.deny(rights, acc, user, r);
        if (why != AccessRules.OK) {
            lastRights = rights;
            return fault(va, PageFault.P | AccessRules.accessBits(acc, user, r), why, level, ea, e);
        }
        long updated = e | A | (acc == AccessRules.WRITE ? D : 0);
        if (updated != e) {
            writeEntry(ea, updated);
        }
        long frame = large ? mode.address(e, level, r.pse()) : e & frameMask4k;
        int cached = rights | ((updated & D) != 0 ? R_D : 0) | (r.pge() && (e & G) != 0 ? R_G : 0);
        tlb.fill(va, frame, size, cached, allowedByRights[cached]);
        version++;
        lastRights = cached;
        lastPageSize = size;
        return frame | (va & (size - 1));
    }


    private void writeEntry(long ea, long value) {
        if (wideEntries) {
            ram.write64(ea, value);
        } else {
            ram.write32(ea, (int) value);
        }
    }

    private void checkModeMatches(ControlRegisters r) {
        String selected = r.pagingModeName();
        if (!selected.equals(mode.name())) {
            throw new IllegalStateException("CR0/CR4/EFER select " + selected + " paging but this MMU walks "
                    + mode.name() + " tables; switch the paging mode first");
        }
    }

    private long fault(long va, int errorCode, int why, int level, long entryAddress, long entry) {
        regs.setCr2(va);
        lastWhy = why;
        lastLevel = level;
        lastEntryAddress = entryAddress;
        lastEntry = entry;
        return Mmu.FAULT | errorCode;
    }

    @Override
    public Translation translateDetailed(long va, Access access, Privilege privilege) {
        long missesBefore = misses;
        walked = false;
        long result = translate(va, access, privilege);
        if (!Mmu.isFault(result)) {
            // The hot path records nothing; a hit is an access that neither walked nor ran with paging off.
            boolean hit = misses == missesBefore && !walked;
            int slot = tlb.find(va);
            if (slot >= 0 && regs.paging()) {
                return new Mapped(va, result, tlb.pageSize(slot), Tlb.rightsOf(tlb.rights(slot)), hit);
            }
            return new Mapped(va, result, lastPageSize, Tlb.rightsOf(lastRights), hit);
        }
        if (Mmu.isGeneralProtection(result)) {
            return new GeneralProtection(va, nonCanonical(va));
        }
        return new PageFault(va, Mmu.errorCode(result), access, privilege, faultReason(), LinuxDump.line(mode, regs, ram, va),
                regs.pagingModeName().endsWith("level"), lastLevel == NO_LEVEL);
    }

    private String nonCanonical(long va) {
        return mode.linearAddressBits() == 32
                ? String.format("0x%x is not a 32-bit linear address", va)
                : String.format("0x%x is not canonical: bits 63:%d must all equal bit %d", va,
                        mode.linearAddressBits() - 1, mode.linearAddressBits() - 1);
    }

    private String faultReason() {
        String where = lastLevel == NO_LEVEL ? "the cached TLB entry"
                : String.format("%s entry 0x%016x at 0x%x", mode.levelName(lastLevel), lastEntry, lastEntryAddress);
        return switch (lastWhy) {
            case WHY_NOT_PRESENT -> "not present: " + where + " has P=0";
            case WHY_RESERVED -> String.format("reserved bits 0x%x set in %s", mode.reservedBits(lastEntry, lastLevel,
                    regs.pse(), regs.nxe()), where);
            default -> AccessRules.explain(lastWhy, regs) + " (rights " + Tlb.rightsOf(lastRights) + ", from " + where + ")";
        };
    }

    @Override
    public PageWalk walk(long va) {
        return new WalkTracer(mode, regs, ram, tlb.info(va)).trace(va);
    }

    @Override
    public void readVirtual(long va, byte[] dst, int offset, int length, Privilege privilege) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        long[] pas = translateRange(va, length, Access.READ, privilege);
        copy(va, length, pas, (pa, at, n) -> ram.read(pa, dst, offset + at, n));
    }

    @Override
    public void writeVirtual(long va, byte[] src, int offset, int length, Privilege privilege) {
        Objects.checkFromIndexSize(offset, length, src.length);
        long[] pas = translateRange(va, length, Access.WRITE, privilege);
        copy(va, length, pas, (pa, at, n) -> ram.write(pa, src, offset + at, n));
    }

    private interface Piece {
        void copy(long pa, int at, int length);
    }

    /** The physical address of every page piece of {@code [va, va + length)}, or the first fault. */
    private long[] translateRange(long va, int length, Access access, Privilege privilege) {
        int pieces = length == 0 ? 0 : (int) (((va + length - 1) >>> 12) - (va >>> 12) + 1);
        long[] pas = new long[pieces];
        long at = va;
        for (int i = 0; i < pieces; i++) {
            Translation t = translateDetailed(at, access, privilege);
            if (!(t instanceof Mapped m)) {
                throw new PageFaultException(t);
            }
            pas[i] = m.pa();
            at = (at & -PAGE) + PAGE;
        }
        return pas;
    }

    private static void copy(long va, int length, long[] pas, Piece piece) {
        int done = 0;
        for (int i = 0; i < pas.length; i++) {
            int n = (int) Math.min(length - done, PAGE - ((va + done) & (PAGE - 1)));
            piece.copy(pas[i], done, n);
            done += n;
        }
    }

    @Override
    public void setMode(PagingMode newMode) {
        mode = Objects.requireNonNull(newMode, "mode");
        planStale();
        tlb.flushAll();
        version++;
    }

    @Override
    public void setCr0(long value) {
        long old = regs.cr0();
        regs.setCr0(value);
        if ((old & ControlRegisters.CR0_PG) != 0 && (value & ControlRegisters.CR0_PG) == 0) {
            tlb.flushAll();
            regs.setEfer(regs.efer() & ~ControlRegisters.EFER_LMA);
        }
        if ((value & ControlRegisters.CR0_PG) != 0 && (regs.efer() & ControlRegisters.EFER_LME) != 0 && regs.pae()) {
            regs.setEfer(regs.efer() | ControlRegisters.EFER_LMA); // the CPU activates long mode itself
        }
        version++;
    }

    @Override
    public void setCr3(long value) {
        if ((value >>> PagingMode.MAX_PHYS_ADDR_BITS) != 0) {
            throw new IllegalArgumentException(String.format(
                    "CR3 0x%x has bits set above MAXPHYADDR (%d): MOV to CR3 would #GP", value,
                    PagingMode.MAX_PHYS_ADDR_BITS));
        }
        regs.setCr3(value);
        tlb.flushNonGlobal();
        version++;
    }

    @Override
    public void setCr4(long value) {
        long old = regs.cr4();
        regs.setCr4(value);
        long changed = old ^ value;
        long flushing = ControlRegisters.CR4_PGE | ControlRegisters.CR4_PAE | ControlRegisters.CR4_PSE
                | ControlRegisters.CR4_LA57;
        if ((changed & flushing) != 0 || (changed & value & ControlRegisters.CR4_SMEP) != 0) {
            tlb.flushAll();
        }
        version++;
    }

    @Override
    public void setEfer(long value) {
        long changed = regs.efer() ^ value;
        regs.setEfer(value);
        if ((changed & (ControlRegisters.EFER_NXE | ControlRegisters.EFER_LME)) != 0) {
            tlb.flushAll();
        }
        version++;
    }

    @Override
    public void setRflags(long value) {
        regs.setRflags(value);
        version++;
    }

    @Override
    public void invlpg(long va) {
        tlb.invalidatePage(va);
        version++;
    }

    @Override
    public void invalidate(long va, long length) {
        if (length > 0) {
            tlb.invalidateRange(va, length);
            version++;
        }
    }

    @Override
    public void flushTlb() {
        tlb.flushAll();
        version++;
    }

    @Override
    public TlbConfig tlbConfig() {
        return tlb.config();
    }

    @Override
    public TlbStats tlbStats() {
        TlbStats s = tlb.stats();
        return new TlbStats(s.hits() + hits, s.misses() + misses, s.fills(), s.evictions(), s.invlpgs(), s.flushes(), s.used4k(),
                s.usedLarge());
    }

    @Override
    public void resetTlbStats() {
        tlb.resetStats();
        hits = 0;
        misses = 0;
    }

    @Override
    public List<TlbEntryInfo> tlbEntries() {
        return tlb.entries();
    }

    @Override
    public String infoTlb() {
        return QemuMonitor.infoTlb(ram, regs);
    }

    @Override
    public String infoMem() {
        return QemuMonitor.infoMem(ram, regs, false);
    }

    @Override
    public String infoMemVerbose() {
        return QemuMonitor.infoMem(ram, regs, true);
    }

    @Override
    public long version() {
        return version;
    }
}
