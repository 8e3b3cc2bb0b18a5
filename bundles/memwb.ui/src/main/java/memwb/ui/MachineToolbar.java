package memwb.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.machine.Machine;
import memwb.api.machine.NamedSpace;
import memwb.api.machine.MachineEvent;
import memwb.api.machine.MachineService;
import memwb.api.view.ViewContext;
import memwb.replay.ReplayResult;
import memwb.replay.Replayer;
import memwb.replay.TraceReader;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;

/**
 * The toolbar: choosers for the frame allocator, paging mode and heap (the live lists of installed
 * implementations, re-read in the background every {@link #POLL_MILLIS}; choosing one hot-swaps it
 * in the background, and a refused swap is shown with its message while the chooser returns to the
 * active one) and for the address space CR3 points at (the kernel's or a process's), the Step button that walks the notes' malloc flow, and the background task's progress.
 */
final class MachineToolbar {
    static final String PFA = "pfa";
    static final String PAGING = "paging";
    static final String HEAP = "heap";
    /** The address spaces (kernel and processes): choosing one loads CR3 with its root. */
    static final String SPACE = "space";
    /** How often the choosers re-read the installed implementations. */
    static final int POLL_MILLIS = 250;
    /** Step's malloc is at least this big, and at most this (so it never maps more than a few pages). */
    private static final long STEP_MIN_BYTES = 64;
    private static final long STEP_MAX_BYTES = 256 * 1024;

    private final ViewContext context;
    private final Feedback feedback;
    private final ExecutorService background;
    private final Map<String, Combo> choosers = new java.util.LinkedHashMap<>();
    private final Map<String, Choices> shown = new java.util.HashMap<>();
    private final BackgroundTask task;
    private final Button step;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Runnable tick = this::tick;
    private List<MallocWalk.Step> steps = List.of();
    private int next;

    MachineToolbar(Composite parent, ViewContext context, Feedback feedback, ExecutorService background) {
        this.context = context;
        this.feedback = feedback;
        this.background = background;
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout layout = new GridLayout(14, false);
        layout.marginHeight = 2;
        bar.setLayout(layout);
        chooser(bar, PFA, "Allocator", (s, name) -> s.useFrameAllocator(name));
        chooser(bar, PAGING, "Paging", (s, name) -> s.usePagingMode(name));
        chooser(bar, HEAP, "Heap", (s, name) -> s.useHeap(name));
        chooser(bar, SPACE, "Space", (s, name) -> s.current()
                .orElseThrow(() -> new IllegalStateException("no machine is booted")).useSpace(name));
        choosers.get(SPACE).setToolTipText("Space: the kernel and every process (console: space new NAME); "
                + "choosing one loads CR3 with its root, as a context switch does");
        step = new Button(bar, SWT.PUSH);
        step.setText("Step malloc");
        step.setToolTipText("The notes' malloc flow one step at a time: malloc, VMM, PFA, frame found, mapped, carved");
        step.addListener(SWT.Selection, e -> step());
        Button replay = new Button(bar, SWT.PUSH);
        replay.setText("Replay trace...");
        replay.setToolTipText("A malloc-lab trace (.rep, .rep.gz) against a fresh heap of the chosen kind, in the background");
        replay.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(bar.getShell(), SWT.OPEN);
            dialog.setText("Replay a malloc-lab trace");
            dialog.setFilterExtensions(new String[] {"*.rep;*.rep.gz", "*"});
            String file = dialog.open();
            if (file != null) {
                replay(Path.of(file));
            }
        });
        task = new BackgroundTask(bar, background, feedback);
        bar.getDisplay().timerExec(0, tick);
        bar.addDisposeListener(e -> bar.getDisplay().timerExec(-1, tick));
    }

    private void chooser(Composite bar, String key, String label, BiConsumer<MachineService, String> swap) {
        new Label(bar, SWT.NONE).setText(label);
        Combo combo = new Combo(bar, SWT.READ_ONLY);
        combo.setLayoutData(new GridData(110, SWT.DEFAULT));
        combo.setToolTipText(label + ": the installed implementations; choosing one hot-swaps it");
        combo.addListener(SWT.Selection, e -> choose(key, combo.getText(), swap));
        choosers.put(key, combo);
    }

    /** Chooses {@code name} in chooser {@code key} as a user would (for {@code ui:choose}). */
    String choose(String key, String name) {
        Combo combo = choosers.get(key);
        if (combo == null) {
            throw new IllegalArgumentException("No chooser \"" + key + "\"; there are: " + choosers.keySet());
        }
        int i = combo.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("No " + key + " \"" + name + "\" in the chooser; it lists: "
                    + List.of(combo.getItems()));
        }
        combo.select(i);
        combo.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        return "Chose " + key + " " + name;
    }

    /**
     * The choosers' items, the machine's active one starred, one line each ("pfa bytemap* bitmap
     * buddy"); a line ends in "(swapping)" while a swap runs.
     */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Combo> e : choosers.entrySet()) {
            sb.append(e.getKey());
            Choices c = shown.get(e.getKey());
            for (String item : e.getValue().getItems()) {
                sb.append(' ').append(item).append(c != null && item.equals(c.active()) ? "*" : "");
            }
            if (task.busy()) {
                sb.append(" (swapping)");
            }
            sb.append('\n');
        }
        return sb.toString().strip();
    }

    private void choose(String key, String name, BiConsumer<MachineService, String> swap) {
        Choices current = shown.get(key);
        if (current == null || !current.isSwap(name)) {
            return;
        }
        MachineService service = context.service(MachineService.class);
        if (service == null) {
            feedback.status(FileActions.NO_MACHINE_SERVICE);
            return;
        }
        boolean cr3 = key.equals(SPACE);
        String what = String.format(Locale.ROOT, cr3 ? "Loading CR3: %s %s -> %s" : "Swapping %s %s -> %s", key,
                current.active(), name);
        task.start(what, false, () -> {
            swap.accept(service, name);
            return String.format(Locale.ROOT, cr3 ? "%s: %s -> %s, CR3 loaded (non-global TLB entries dropped)"
                    : "%s: %s -> %s, machine state kept", key, current.active(), name);
        }, ok -> {
            shown.remove(key); // re-read: shows the new active one, or the old one after a refusal
            poll();
        });
    }

    private void tick() {
        Combo any = choosers.values().iterator().next();
        if (any.isDisposed()) {
            return;
        }
        poll();
        any.getDisplay().timerExec(POLL_MILLIS, tick);
    }

    /** Reads the lists and the active names in the background, then updates changed choosers. */
    private void poll() {
        if (task.busy() || !polling.compareAndSet(false, true)) {
            return;
        }
        var display = choosers.get(PFA).getDisplay();
        background.execute(() -> {
            try {
                MachineService s = context.service(MachineService.class);
                Machine m = s == null ? null : s.current().orElse(null);
                Map<String, Choices> fresh = new java.util.HashMap<>();
                fresh.put(PFA, read(s, MachineService::frameAllocators, m == null ? null : m.frames().name()));
                fresh.put(PAGING, read(s, MachineService::pagingModes, m == null ? null : m.pagingMode()));
                fresh.put(HEAP, read(s, MachineService::heaps, m == null ? null : m.heap().map(Heap::name).orElse(null)));
                fresh.put(SPACE, new Choices(m == null ? List.of() : m.spaces().stream().map(NamedSpace::name).toList(),
                        m == null ? null : m.currentSpace().map(NamedSpace::name).orElse(null)));
                Ui.async(display, () -> show(fresh));
            } catch (RuntimeException e) {
                // A service going away mid-read: the next poll sees the new state.
            } finally {
                polling.set(false);
            }
        });
    }

    private static Choices read(MachineService s, Function<MachineService, List<String>> list, String active) {
        return new Choices(s == null ? List.of() : list.apply(s), active);
    }

    private void show(Map<String, Choices> fresh) {
        if (task.busy()) {
            return;
        }
        for (Map.Entry<String, Choices> e : fresh.entrySet()) {
            Combo combo = choosers.get(e.getKey());
            if (combo.isDisposed() || e.getValue().equals(shown.get(e.getKey()))) {
                continue;
            }
            shown.put(e.getKey(), e.getValue());
            combo.setItems(e.getValue().names().toArray(String[]::new));
            int i = e.getValue().activeIndex();
            if (i >= 0) {
                combo.select(i);
            }
            combo.getParent().layout(true);
        }
    }

    /** The next step of the malloc walk, or (after the last) a new malloc in the background. */
    void step() {
        if (next < steps.size()) {
            MallocWalk.Step s = steps.get(next++);
            feedback.status(s.text());
            context.select(s.location(), s.viewId());
            step.setText(next < steps.size() ? "Step " + (next + 1) + "/" + steps.size() : "Step malloc");
            return;
        }
        List<MallocWalk.Step>[] made = new List[1];
        task.start("malloc for Step", false, () -> {
            // The machine is asked here, off the UI thread: a swap may hold it for a while.
            MachineService service = context.service(MachineService.class);
            Machine m = service == null ? null : service.current().orElse(null);
            if (m == null) {
                throw new IllegalStateException("boot a machine first (File > Open machine...)");
            }
            made[0] = malloc(m);
            return made[0].get(0).text();
        }, ok -> {
            if (ok && made[0] != null) {
                steps = made[0];
                next = 0;
                step();
            }
        });
    }

    /** Performs a malloc that needs a new page and collects what it did. Background thread. */
    private static List<MallocWalk.Step> malloc(Machine m) {
        Heap heap = m.heap().orElseThrow(() -> new IllegalStateException(
                "the machine has no heap (paging off, or no heap bundle installed)"));
        List<MachineEvent> before = m.events(0);
        long from = before.isEmpty() ? 0 : before.get(before.size() - 1).sequence() + 1;
        long size = Math.min(STEP_MAX_BYTES, MallocWalk.sizeNeedingANewPage(heap.blocks(), STEP_MIN_BYTES));
        long va = heap.malloc(size);
        if (va == 0) {
            throw new IllegalStateException("malloc(" + size + ") returned NULL: out of memory");
        }
        m.record("heap.malloc", va, String.format(Locale.ROOT, "Step: %s malloc(%d) = 0x%x", heap.name(), size, va));
        HeapBlock block = heap.blocks().stream().filter(b -> b.live() && b.payload() == va).findFirst()
                .orElse(new HeapBlock(va - 16, va, size, false));
        Optional<memwb.api.vmm.Mapping> leaf = m.kernelSpace().flatMap(sp -> sp.lookup(va));
        return MallocWalk.of(heap.name(), size, block, m.events(from), leaf, m.frames().name());
    }

    /**
     * Replays {@code trace} on a fresh heap of the kind the Heap chooser shows, as a cancellable
     * background task: progress in the status bar, the result line there and in Events.
     */
    String replay(Path trace) {
        MachineService service = context.service(MachineService.class);
        if (service == null) {
            feedback.status(FileActions.NO_MACHINE_SERVICE);
            return FileActions.NO_MACHINE_SERVICE;
        }
        String title = "Replaying " + trace.getFileName();
        run(title, true, () -> {
            Machine m = service.current().orElseThrow(() -> new IllegalStateException("no machine is booted"));
            String heap = m.heap().map(h -> h.name()).orElseGet(() -> Replayer.defaultHeap(service));
            Replayer replayer = Replayer.onMachine(service, heap,
                    (t, h, phase, percent) -> feedback.status(title + " on " + h + ": " + phase + " " + percent + "%"));
            ReplayResult r;
            try {
                r = replayer.replay(TraceReader.read(trace));
            } catch (CancellationException e) {
                throw new InterruptedException(e.getMessage());
            }
            m.record("replay", -1, r.line());
            return r.line();
        });
        return "Replaying " + trace + " in the background";
    }

    /** Presses Cancel on the running background task, if any. */
    String cancel() {
        if (!task.busy()) {
            return "Nothing is running";
        }
        task.cancel();
        return "Cancelling";
    }

    /** True while a background task runs. */
    boolean busy() {
        return task.busy();
    }

    /** Runs {@code work} as the toolbar's background task (File > Open/Save use it too). */
    void run(String title, boolean cancellable, BackgroundTask.Work work) {
        task.start(title, cancellable, work, ok -> poll());
    }
}
