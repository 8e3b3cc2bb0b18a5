package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineException;
import memwb.api.machine.MachineService;

class FileActionsTest {
    private final List<String> statuses = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final Feedback feedback = new Feedback() {
        @Override
        public void status(String message) {
            statuses.add(message);
        }

        @Override
        public void error(String title, String message) {
            errors.add(title + ": " + message);
        }
    };

    @Test
    void openMachineWithoutAMachineServiceSaysSoAndOpensNoDialog() {
        FileActions file = new FileActions(context(null, null), Runnable::run, feedback);
        file.openMachine(null); // a dialog would need the shell: none is touched
        assertEquals(List.of("No machine service installed"), statuses);
        assertEquals(List.of("getServiceReference memwb.api.machine.MachineService"), calls);
    }

    @Test
    void aBootThatWorksReportsTheMachineAndTheFile() {
        MachineService machines = machines(null);
        ServiceReference<MachineService> ref = reference();
        new FileActions(context(ref, machines), Runnable::run, feedback).boot(ref, Path.of("/specs/small.json"));
        assertEquals(List.of("Booting /specs/small.json ...", "Booted machine small from /specs/small.json"), statuses);
        assertEquals(List.of(), errors);
        assertTrue(calls.contains("ungetService"), calls.toString());
    }

    @Test
    void aBootThatFailsNamesTheFileAndTheMachinesReasonAndReleasesTheService() {
        MachineService machines = machines(new MachineException("small.json:4: ram_mib: not a number: \"lots\""));
        ServiceReference<MachineService> ref = reference();
        new FileActions(context(ref, machines), Runnable::run, feedback).boot(ref, Path.of("/specs/small.json"));
        assertEquals(List.of("Open machine: Could not boot /specs/small.json: small.json:4: ram_mib: not a number: \"lots\""),
                errors);
        assertTrue(calls.contains("ungetService"), calls.toString());
    }

    @Test
    void exitStopsTheFrameworkOnItsOwnThread() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        String[] thread = new String[1];
        Bundle system = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> {
                    if (m.getName().equals("stop")) {
                        thread[0] = Thread.currentThread().getName();
                        stopped.countDown();
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                    if (m.getName().equals("getBundle") && a != null && (Long) a[0] == 0L) {
                        return system;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        new FileActions(context, Runnable::run, feedback).exit();
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "bundle 0 was not stopped");
        assertEquals("memwb-exit", thread[0]);
    }

    @Test
    void aSaveTheMachineServiceCannotDoYetShowsItsErrorAndWritesNothing() {
        MachineService notYet = (MachineService) Proxy.newProxyInstance(MachineService.class.getClassLoader(),
                new Class<?>[] { MachineService.class }, (p, m, a) -> {
                    throw new UnsupportedOperationException("snapshots are not implemented yet");
                });
        new FileActions(context(null, null), Runnable::run, feedback).save(notYet, Path.of("/tmp/lab.memwb"));
        assertEquals(List.of("Save machine to /tmp/lab.memwb: Save machine to /tmp/lab.memwb failed: "
                + "snapshots are not implemented yet"), errors);
        assertEquals(List.of(), statuses);
    }

    @Test
    void anOpenOfACorruptFileNamesTheFileAndTheServicesReasonAndAGoodOneReportsTheMachine() {
        MachineService service = (MachineService) Proxy.newProxyInstance(MachineService.class.getClassLoader(),
                new Class<?>[] { MachineService.class }, (p, m, a) -> {
                    Path file = (Path) a[0];
                    if (file.toString().contains("bad")) {
                        throw new MachineException(file + ": truncated in RAM chunk 3");
                    }
                    return machines(null).boot(Path.of("/x/lab.json"));
                });
        FileActions file = new FileActions(context(null, null), Runnable::run, feedback);
        file.open(service, Path.of("/tmp/bad.memwb"));
        assertEquals(List.of("Open machine /tmp/bad.memwb: Open machine /tmp/bad.memwb failed: /tmp/bad.memwb: truncated in RAM chunk 3"),
                errors);
        file.open(service, Path.of("/tmp/good.memwb"));
        assertEquals(List.of("Opened machine lab from /tmp/good.memwb"), statuses);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<MachineService> reference() {
        return (ServiceReference<MachineService>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, a) -> switch (m.getName()) {
                    case "hashCode" -> 1;
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private BundleContext context(ServiceReference<MachineService> ref, MachineService machines) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> switch (m.getName()) {
                    case "getServiceReference" -> {
                        calls.add("getServiceReference " + ((Class<?>) a[0]).getName());
                        yield ref;
                    }
                    case "getService" -> machines;
                    case "ungetService" -> {
                        calls.add("ungetService");
                        yield true;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A machine service whose boot names the machine after the file, or throws {@code failure}. */
    private static MachineService machines(RuntimeException failure) {
        return (MachineService) Proxy.newProxyInstance(MachineService.class.getClassLoader(),
                new Class<?>[] { MachineService.class }, (p, m, a) -> {
                    if (!m.getName().equals("boot")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    String name = ((Path) a[0]).getFileName().toString().replace(".json", "");
                    return Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] { Machine.class },
                            (mp, mm, ma) -> {
                                if (mm.getName().equals("name")) {
                                    return name;
                                }
                                throw new UnsupportedOperationException(mm.getName());
                            });
                });
    }
}
