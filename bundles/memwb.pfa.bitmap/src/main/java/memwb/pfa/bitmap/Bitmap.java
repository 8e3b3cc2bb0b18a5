package memwb.pfa.bitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import memwb.api.ram.PhysicalMemory;

/**
 * One bit per frame in emulated RAM at {@code base}: 0 free, 1 not free (allocated or reserved),
 * bit i in little-endian word i / 64. Bits past the last frame are 1, so a scan never returns them.
 *
 * <p>The summary is host-side: bit w says "bitmap word w has a free frame". It is derived from the
 * RAM words, kept in step by every write here, and lets a search skip 64 full words (4096 frames)
 * per long it reads, so a nearly full 4 GiB map (16 Ki words, 256 summary longs) is still fast.
 * A second host-side level, one bit per word that is entirely free, lets runs of 64 frames or
 * more on word boundaries (2 MiB pages) skip every word that cannot start one. Both sit in host
 * memory because they only speed up searches; RAM stays the truth about states.
 */
final class Bitmap {
    static final int BITS_PER_WORD = 64;
    static final int WORD_BYTES = 8;
    private static final int WORD_SHIFT = 6;

    private final PhysicalMemory ram;
    private final long base;
    private final long bits;
    private final int words;
    private final long[] summary;
    /** Host-side: bit w set iff bitmap word w is 0 (all 64 frames free). */
    private final long[] emptyWords;

    /** @param base word aligned; {@code bits} frames indexed */
    Bitmap(PhysicalMemory ram, long base, long bits) {
        this.ram = ram;
        this.base = base;
        this.bits = bits;
        this.words = wordsFor(bits);
        this.summary = new long[(words + BITS_PER_WORD - 1) >>> WORD_SHIFT];
        this.emptyWords = new long[summary.length];
    }

    /** Words needed for {@code bits} frames. */
    static int wordsFor(long bits) {
        return (int) ((bits + BITS_PER_WORD - 1) >>> WORD_SHIFT);
    }

    long base() {
        return base;
    }

    int words() {
        return words;
    }

    /** Bytes the bitmap occupies in RAM. */
    long bytes() {
        return (long) words * WORD_BYTES;
    }

    /** Writes every word: bit i set unless {@code free[i]}; padding set. Rebuilds the summary. */
    void writeInitial(boolean[] free) {
        ByteBuffer buf = ByteBuffer.allocate(words * WORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int w = 0; w < words; w++) {
            long word = -1L;
            long first = (long) w << WORD_SHIFT;
            for (int b = 0; b < BITS_PER_WORD && first + b < bits; b++) {
                if (free[(int) (first + b)]) {
                    word &= ~(1L << b);
                }
            }
            buf.putLong(word);
            noteSummary(w, word);
        }
        ram.write(base, buf.array(), 0, buf.capacity());
    }

    /** The RAM word {@code w}. */
    long word(int w) {
        return ram.read64(base + (long) w * WORD_BYTES);
    }

    boolean isSet(long i) {
        return ((word((int) (i >>> WORD_SHIFT)) >>> i) & 1) != 0; // a long shift uses i's low 6 bits
    }

    /** The lowest free frame at or after {@code from}, or -1: one word, then the summary, then one word. */
    long firstFree(long from) {
        if (from >= bits) {
            return -1;
        }
        int w = (int) (from >>> WORD_SHIFT);
        long free = ~word(w) & (-1L << from);
        if (free != 0) {
            return ((long) w << WORD_SHIFT) + Long.numberOfTrailingZeros(free);
        }
        int next = w + 1;
        if (next >= words) {
            return -1;
        }
        int s = next >>> WORD_SHIFT;
        long sum = summary[s] & (-1L << next);
        while (sum == 0) {
            if (++s == summary.length) {
                return -1;
            }
            sum = summary[s];
        }
        int fw = (s << WORD_SHIFT) + Long.numberOfTrailingZeros(sum);
        return ((long) fw << WORD_SHIFT) + Long.numberOfTrailingZeros(~word(fw));
    }

    /** The first word at or after {@code fromWord} whose 64 frames are all free, or -1. */
    long firstEmptyWord(long fromWord) {
        if (fromWord >= words) {
            return -1;
        }
        int s = (int) (fromWord >>> WORD_SHIFT);
        long bits = emptyWords[s] & (-1L << fromWord);
        while (bits == 0) {
            if (++s == emptyWords.length) {
                return -1;
            }
            bits = emptyWords[s];
        }
        return ((long) s << WORD_SHIFT) + Long.numberOfTrailingZeros(bits);
    }

    /** The first frame in [from, to) that is not free, or {@code to}. */
    long firstNonFree(long from, long to) {
        long i = from;
        while (i < to) {
            int w = (int) (i >>> WORD_SHIFT);
            long set = word(w) & (-1L << i);
            if (set != 0) {
                return Math.min(to, ((long) w << WORD_SHIFT) + Long.numberOfTrailingZeros(set));
            }
            i = (long) (w + 1) << WORD_SHIFT;
        }
        return to;
    }

    /** Sets ({@code notFree}) or clears the bits of [from, to), a word at a time. */
    void setRange(long from, long to, boolean notFree) {
        long i = from;
        while (i < to) {
            int w = (int) (i >>> WORD_SHIFT);
            long wordEnd = (long) (w + 1) << WORD_SHIFT;
            long end = Math.min(to, wordEnd);
            long mask = (-1L << i) & (end == wordEnd ? -1L : ~(-1L << end));
            long old = word(w);
            long now = notFree ? old | mask : old & ~mask;
            ram.write64(base + (long) w * WORD_BYTES, now);
            noteSummary(w, now);
            i = end;
        }
    }

    /** The longest run of free frames, from the RAM words. */
    long largestFreeRun() {
        long largest = 0;
        long run = 0;
        for (int w = 0; w < words; w++) {
            long word = word(w);
            if (word == 0) {
                run += BITS_PER_WORD;
            } else if (word == -1L) {
                run = 0;
            } else {
                for (int b = 0; b < BITS_PER_WORD; b++) {
                    run = ((word >>> b) & 1) == 0 ? run + 1 : 0;
                    largest = Math.max(largest, run);
                }
            }
            largest = Math.max(largest, run);
        }
        return largest;
    }

    /** The summary's long count, for describe(). */
    int summaryLongs() {
        return summary.length;
    }

    private void noteSummary(int w, long word) {
        int s = w >>> WORD_SHIFT;
        long bit = 1L << w;
        summary[s] = word == -1L ? summary[s] & ~bit : summary[s] | bit;
        emptyWords[s] = word == 0 ? emptyWords[s] | bit : emptyWords[s] & ~bit;
    }
}
