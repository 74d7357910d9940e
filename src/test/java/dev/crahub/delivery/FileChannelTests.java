package dev.crahub.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.system.CrahubHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the file channel writes, checked again at send time whatever the referential let through (a row changed in
 * the database, a symbolic link): never outside {@code data/outbox/}; the SFTP endpoint always checks the host key
 * and takes its password from the environment.
 */
class FileChannelTests {

    private static final String KEY = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBB==";

    @TempDir
    Path dir;
    CrahubHome home;
    MockEnvironment environment = new MockEnvironment();
    FileChannel channel;

    @BeforeEach
    void home() {
        home = new CrahubHome(dir.toString());
        channel = new FileChannel(home, null, new DeliveryCredentials(environment));
    }

    @AfterEach
    void release() {
        home.release();
    }

    private static ChannelDelivery delivery(String number, String seller, EInvoiceFormat format, Map<String, String> settings) {
        return new ChannelDelivery(1, 2, number, seller, "ch-client", "file", format, settings, 1);
    }

    @Test
    void theDefaultFolderIsTheSellersUnderTheOutbox() {
        assertThat(channel.folderPath(delivery("CHAN-2022-000001", "ch-acme", EInvoiceFormat.UBL, Map.of())))
                .isEqualTo("data/outbox/einvoices/ch-acme/CHAN-2022-000001-ubl.xml");
        assertThat(home.root().resolve("data/outbox/einvoices/ch-acme")).isDirectory();
        assertThat(channel.folderPath(delivery("CHAN-2022-000001", "ch-acme", EInvoiceFormat.FACTURX,
                Map.of("folder", "data/outbox/drop/globex/")))).isEqualTo("data/outbox/drop/globex/CHAN-2022-000001.pdf");
    }

    @Test
    void aFolderOutsideTheOutboxIsRefusedAtSendTime() throws IOException {
        for (String folder : new String[] {"../outside", "data/outbox/../../etc", "/tmp", "data/inbox/referential",
                "data/outbox", "data/secrets", "data\\outbox\\x"}) {
            assertThatThrownBy(() -> channel.folderPath(delivery("CHAN-1", "ch-acme", EInvoiceFormat.CII, Map.of("folder", folder))))
                    .as(folder).isInstanceOf(ChannelSetupException.class);
        }
        // a symbolic link under the outbox that leads out of it
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(home.root().resolve("data/outbox"));
        Files.createSymbolicLink(home.root().resolve("data/outbox/link"), outside);
        assertThatThrownBy(() -> channel.folderPath(delivery("CHAN-1", "ch-acme", EInvoiceFormat.CII, Map.of("folder", "data/outbox/link"))))
                .isInstanceOf(ChannelSetupException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void aFileNameOrSellerThatIsNotPlainIsRefused() {
        assertThatThrownBy(() -> channel.folderPath(delivery("../../x", "ch-acme", EInvoiceFormat.UBL, Map.of())))
                .isInstanceOf(ChannelSetupException.class);
        assertThatThrownBy(() -> channel.folderPath(delivery("CHAN-1", "../ch", EInvoiceFormat.UBL, Map.of())))
                .isInstanceOf(ChannelSetupException.class);
    }

    @Test
    void theSftpEndpointChecksTheHostKeyAndTakesTheSecretFromTheEnvironment() {
        Map<String, String> sftp = Map.of("sftp.host", "sftp.globex.example", "sftp.port", "2222", "sftp.user", "crahub",
                "sftp.path", "in/", "sftp.credentials", "globex-sftp", "sftp.hostKey", KEY);
        ChannelDelivery d = delivery("CHAN-1", "ch-acme", EInvoiceFormat.UBL, sftp);
        assertThatThrownBy(() -> channel.sftpUri(d)).isInstanceOf(ChannelSetupException.class)
                .hasMessageContaining("CRAHUB_DELIVERY_CREDENTIALS_GLOBEX_SFTP_PASSWORD");
        environment.setProperty("crahub.delivery.credentials.globex-sftp.password", "pw(with)parens");
        assertThat(channel.sftpUri(d)).startsWith("sftp://sftp.globex.example:2222/in?username=RAW(crahub)")
                .contains("&password=RAW{pw(with)parens}")
                .contains("&knownHosts=RAW([sftp.globex.example]:2222 " + KEY + ")")
                .contains("&strictHostKeyChecking=yes&useUserKnownHostsFile=false&serverHostKeys=ecdsa-sha2-nistp256")
                .contains("&tempPrefix=.tmp-&fileExist=Override");
        assertThat(channel.sftpLocation(d)).isEqualTo("sftp://sftp.globex.example:2222/in/CHAN-1-ubl.xml");
        // a path leading out of the user's home, even if the referential had let it through
        Map<String, String> escaping = new java.util.HashMap<>(sftp);
        for (String[] bad : new String[][] {{"sftp.path", "../other"}, {"sftp.path", "in?password=x"},
                {"sftp.host", "evil.example/x?knownHosts=y"}}) {
            escaping.put(bad[0], bad[1]);
            assertThatThrownBy(() -> channel.sftpUri(delivery("CHAN-1", "ch-acme", EInvoiceFormat.UBL, escaping)))
                    .as(bad[1]).isInstanceOf(ChannelSetupException.class);
            escaping.putAll(sftp);
        }
        assertThat(new DeliveryCredentials(environment).get("globex-sftp").toString()).doesNotContain("parens");
    }
}
