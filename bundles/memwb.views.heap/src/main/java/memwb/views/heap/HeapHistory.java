package memwb.views.heap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The last {@code capacity} samples, oldest first: one per machine version the view saw. */
final class HeapHistory {
    private final int capacity;
    private final Deque<HeapSample> samples = new ArrayDeque<>();

    HeapHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity + ": a plot needs at least 2 samples");
        }
        this.capacity = capacity;
    }

    /** Adds {@code s} unless the newest sample has its version; drops the oldest beyond capacity. */
    void add(HeapSample s) {
        if (!samples.isEmpty() && samples.peekLast().version() == s.version()) {
            return;
        }
        samples.addLast(s);
        if (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    void clear() {
        samples.clear();
    }

    List<HeapSample> samples() {
        return List.copyOf(samples);
    }

    /** The series {@code value} picks, oldest first. */
    double[] series(ToDoubleFunction<HeapSample> value) {
        return samples.stream().mapToDouble(value).toArray();
    }

    /**
     * The polyline of {@code values} in a box at ({@code x}, {@code y}) of {@code width} x
     * {@code height} pixels: x spread evenly (one point is drawn at the left), y from 0 at the bottom
     * to {@code max} at the top (values above are clamped). As x0, y0, x1, y1, ... for GC.drawPolyline.
     */
    static int[] polyline(double[] values, int x, int y, int width, int height, double max) {
        int[] out = new int[values.length * 2];
        double top = max <= 0 ? 1 : max;
        for (int i = 0; i < values.length; i++) {
            double f = Math.min(1, Math.max(0, values[i] / top));
            out[2 * i] = x + (values.length == 1 ? 0 : (int) Math.round((double) i * (width - 1) / (values.length - 1)));
            out[2 * i + 1] = y + height - 1 - (int) Math.round(f * (height - 1));
        }
        return out;
    }

    /** The largest value, or 0 for none. */
    static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
