package dev.crahub.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard's decisions, with a halt that records instead of stopping the test's JVM. */
class FatalErrorGuardTests {

    private final List<Integer> halted = new ArrayList<>();
    private final List<Throwable> passedOn = new ArrayList<>();
    private final FatalErrorGuard.Handler handler = new FatalErrorGuard.Handler((t, e) -> passedOn.add(e), halted::add);

    @Test
    void aThreadDyingOfOutOfMemoryHaltsTheProcess() throws Exception {
        Thread acceptor = new Thread(() -> { }, "http-nio-8080-Acceptor");
        handler.uncaughtException(acceptor, new OutOfMemoryError("Java heap space"));
        assertThat(halted).containsExactly(FatalErrorGuard.STATUS);
        assertThat(passedOn).isEmpty();
    }

    @Test
    void anyVirtualMachineErrorEvenWrappedIsFatalButNotAStackOverflow() {
        assertThat(FatalErrorGuard.fatal(new InternalError())).isTrue();
        assertThat(FatalErrorGuard.fatal(new RuntimeException(new OutOfMemoryError()))).isTrue();
        assertThat(FatalErrorGuard.fatal(new StackOverflowError())).isFalse();
        assertThat(FatalErrorGuard.fatal(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void otherFailuresGoToThePreviousHandlerAndTheProcessLives() {
        IllegalStateException bug = new IllegalStateException("a bug");
        handler.uncaughtException(new Thread(() -> { }), bug);
        assertThat(halted).isEmpty();
        assertThat(passedOn).containsExactly(bug);
    }

    @Test
    void aMissingExitOnOutOfMemoryFlagIsWarnedAbout() {
        assertThat(FatalErrorGuard.missingFlagWarning(Map.of("ExitOnOutOfMemoryError", "false")::get))
                .contains("-XX:+ExitOnOutOfMemoryError", "README");
        assertThat(FatalErrorGuard.missingFlagWarning(Map.of("ExitOnOutOfMemoryError", "true")::get)).isNull();
        assertThat(FatalErrorGuard.missingFlagWarning(Map.of("CrashOnOutOfMemoryError", "true")::get)).isNull();
    }
}
