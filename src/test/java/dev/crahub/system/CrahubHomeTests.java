package dev.crahub.system;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CrahubHomeTests {

    @Test
    void anEmptyHomeGetsTheBundledDefaultsAndTheDataFolders(@TempDir Path dir) {
        CrahubHome home = new CrahubHome(dir.toString());
        assertThat(home.routes().resolve("invoice/invoice-issue.yaml")).isRegularFile();
        assertThat(home.xsl().resolve("invoice-fo.xsl")).isRegularFile();
        assertThat(home.xsl().resolve("fonts/DejaVuSans.ttf")).isRegularFile();
        for (String folder : new String[] {"inbox/timesheets", "inbox/referential", "outbox/mail", "archive", "pgdata"}) {
            assertThat(home.data().resolve(folder)).isDirectory();
        }
    }

    @Test
    void anIntegratorsEditsAreNeverOverwritten(@TempDir Path dir) throws Exception {
        Path route = dir.resolve("routes/cra/cra-build.yaml");
        Files.createDirectories(route.getParent());
        Files.writeString(route, "# my own route");
        Files.createDirectories(dir.resolve("xsl"));
        new CrahubHome(dir.toString());
        assertThat(route).hasContent("# my own route");
        // the folders existed: nothing else is added to them either
        assertThat(dir.resolve("routes/invoice")).doesNotExist();
        assertThat(dir.resolve("xsl/invoice-fo.xsl")).doesNotExist();
    }

    @Test
    void aRelativeHomeIsResolvedToAnAbsolutePath(@TempDir Path dir) {
        CrahubHome home = new CrahubHome(dir.resolve("sub/../home").toString());
        assertThat(home.root()).isAbsolute().isEqualTo(dir.resolve("home"));
    }
}
