package dev.crahub.system;

import java.lang.management.ManagementFactory;
import java.util.function.Function;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the hub from living on half-dead. A thread that dies of an {@link OutOfMemoryError} (or another
 * {@link VirtualMachineError}) may be one the hub cannot do without: when Tomcat's acceptor died that way, the process
 * stayed up with its port open and every request timed out. The packaged start runs the JVM with
 * {@code -XX:+ExitOnOutOfMemoryError} (README, {@code pom.xml}); for a JVM started without it, this guard installs a
 * default uncaught-exception handler that halts the process on such an error, so that the service manager restarts
 * it, and warns at start that the flag is missing. {@link StackOverflowError} is left out: its stack has unwound and
 * the thread's pool replaces it.
 * <p>
 * Halting ({@link Runtime#halt}) rather than exiting: shutdown hooks would need memory and threads the error may
 * have taken. Nothing is lost that a commit did not keep: every unit of work is one transaction.
 */
@Component
public class FatalErrorGuard {

    /** What the JVM exits with when halted by the guard (as {@code ExitOnOutOfMemoryError} does). */
    public static final int STATUS = 3;

    private static final Logger log = LoggerFactory.getLogger(FatalErrorGuard.class);

    /** Stops the process; a test gives its own. */
    @FunctionalInterface
    public interface Halt {
        void halt(int status);
    }

    public FatalErrorGuard() {
        install(status -> Runtime.getRuntime().halt(status));
        String warning = missingFlagWarning(FatalErrorGuard::vmOption);
        if (warning != null) {
            log.warn(warning);
        }
    }

    /** Installs the handler (once per JVM; a second call keeps the first). */
    public static synchronized void install(Halt halt) {
        if (Thread.getDefaultUncaughtExceptionHandler() instanceof Handler) {
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler(new Handler(Thread.getDefaultUncaughtExceptionHandler(), halt));
    }

    /** Whether an error that killed a thread leaves the JVM in a state the hub must not go on in. */
    public static boolean fatal(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param vmOption the value of a HotSpot option by name ({@code "true"}), or null when unknown
     * @return the warning to log when neither {@code ExitOnOutOfMemoryError} nor {@code CrashOnOutOfMemoryError} is on
     */
    public static String missingFlagWarning(Function<String, String> vmOption) {
        if ("true".equals(vmOption.apply("ExitOnOutOfMemoryError"))
                || "true".equals(vmOption.apply("CrashOnOutOfMemoryError"))) {
            return null;
        }
        return "The JVM runs without -XX:+ExitOnOutOfMemoryError: start it as the README says "
                + "(java -XX:+ExitOnOutOfMemoryError -Xmx512m -jar crahub.jar). Until then a thread that dies of "
                + "OutOfMemoryError halts the hub (status " + STATUS + ") from the uncaught-exception handler, but an "
                + "OutOfMemoryError caught by a library may leave it degraded.";
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The default handler: halts on a fatal error, else does what the previous one (or the JVM) did. */
    static final class Handler implements Thread.UncaughtExceptionHandler {

        private final Thread.UncaughtExceptionHandler previous;
        private final Halt halt;

        Handler(Thread.UncaughtExceptionHandler previous, Halt halt) {
            this.previous = previous;
            this.halt = halt;
        }

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            if (fatal(error)) {
                try {
                    // no logging framework here: it may need memory the error has taken
                    System.err.println("crahub: thread " + thread.getName() + " died of " + error.getClass().getName()
                            + "; halting the JVM (status " + STATUS + ") so that it is restarted rather than left half-dead");
                } finally {
                    halt.halt(STATUS);
                }
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                thread.getThreadGroup().uncaughtException(thread, error);
            }
        }
    }
}
