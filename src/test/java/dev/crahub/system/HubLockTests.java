package dev.crahub.system;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One hub per home within a JVM too: a second holder is refused with the operator's one line, the pid is kept. */
class HubLockTests {

    @Test
    void aHomeIsHeldByOneHubAtATime(@TempDir Path home) throws Exception {
        HubLock first = HubLock.forContext(home);
        assertThat(Files.readString(home.resolve("data/hub.lock")).strip())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));

        assertThatThrownBy(() -> HubLock.forContext(home))
                .isInstanceOf(HubLock.HomeInUseException.class)
                .hasMessage("Another crahub is running on home " + home.toAbsolutePath().normalize() + " (pid "
                        + ProcessHandle.current().pid() + "); stop it or choose another CRAHUB_HOME");
        // a home spelled differently is the same home
        assertThatThrownBy(() -> HubLock.forContext(home.resolve("data/..")))
                .isInstanceOf(HubLock.HomeInUseException.class);

        first.close();
        try (HubLock again = HubLock.forContext(home)) {
            assertThat(HubLock.heldHere(home)).isTrue();
        }
        assertThat(HubLock.heldHere(home)).isFalse();
    }

    @Test
    void aCrahubHomeTakesTheLockAndGivesItBack(@TempDir Path dir) {
        CrahubHome home = new CrahubHome(dir.toString());
        assertThatThrownBy(() -> new CrahubHome(dir.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Another crahub is running on home");
        home.release();
        new CrahubHome(dir.toString()).release();
    }
}
