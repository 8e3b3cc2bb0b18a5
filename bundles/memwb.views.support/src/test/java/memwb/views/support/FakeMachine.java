package memwb.views.support;

import java.lang.reflect.Proxy;
import java.util.function.Function;

import memwb.api.machine.Machine;

/** A {@link Machine} for view tests: a proxy answering only what the test names, by method name. */
public final class FakeMachine {
    private FakeMachine() {
    }

    /**
     * A machine called {@code name} whose methods answer {@code answers.apply(methodName)}; a null
     * answer means the test did not expect that call and throws UnsupportedOperationException naming it.
     * Identity equality, so a new proxy is a new machine.
     */
    public static Machine of(String name, Function<String, Object> answers) {
        return (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] { Machine.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Machine(" + name + ")";
                    default -> {
                        Object answer = answers.apply(method.getName());
                        if (answer == null) {
                            throw new UnsupportedOperationException("FakeMachine " + name + ": " + method.getName());
                        }
                        yield answer;
                    }
                });
    }
}
