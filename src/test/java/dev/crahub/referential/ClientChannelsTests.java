package dev.crahub.referential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client's {@code channels:} as the referential reads and checks them (ADR 0021). */
class ClientChannelsTests {

    private static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    private final ReferentialParser parser = new ReferentialParser();
    private final ReferentialValidator validator = new ReferentialValidator();
    private static final ReferentialValidator.KnownCodes NONE = new ReferentialValidator.KnownCodes(Set.of(), Set.of(), Set.of());

    private static String fixture() throws IOException {
        try (InputStream in = ClientChannelsTests.class.getResourceAsStream("/fixtures/referential.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The fixture with these lines as the first client's {@code channels:}. */
    private Referential withChannels(String channels) throws IOException {
        String yaml = fixture().replace("    language: fr\n", "    language: fr\n    channels:\n" + channels);
        return parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> problems(String channels) throws IOException {
        return validator.validate(withChannels(channels), NONE);
    }

    @Test
    void aClientWithoutChannelsIsMailedAsBefore() throws IOException {
        Client globex = parser.parse(fixture().getBytes(StandardCharsets.UTF_8)).clients().get(0);
        assertThat(globex.channels()).extracting(ClientChannel::type).containsExactly("email");
        assertThat(globex.channels().get(0).formatName()).isEqualTo("FACTURX");
        // the older constructors stay: no channels = the mail
        Client eight = new Client("c", "C", null, null, null, "fr", List.of(), null);
        Client nine = new Client("c", "C", null, null, null, "fr", List.of(), null, "default");
        assertThat(eight.channels()).isEqualTo(ClientChannel.DEFAULT);
        assertThat(nine.channels()).isEqualTo(ClientChannel.DEFAULT);
    }

    @Test
    void channelsAreReadInFallbackOrderWithTheirOwnSettings() throws IOException {
        Referential ref = withChannels("""
                      - {type: file, format: ubl, sftp: {host: sftp.globex.example, port: 2222, user: crahub, path: inbound/invoices, credentials: globex-sftp, hostKey: "%s"}}
                      - {type: file, format: cii}
                      - {type: file, folder: data/outbox/einvoices/globex-drop}
                      - {type: pa, platform: my-pa, format: cii}
                      - {type: chorus-pro, account: state}
                      - {type: email}
                """.formatted(HOST_KEY));
        assertThat(validator.validate(ref, NONE)).isEmpty();
        List<ClientChannel> channels = ref.clients().get(0).channels();
        assertThat(channels).extracting(ClientChannel::type).containsExactly("file", "file", "file", "pa", "chorus-pro", "email");
        assertThat(channels).extracting(ClientChannel::formatName).containsExactly("UBL", "CII", "FACTURX", "CII", "FACTURX", "FACTURX");
        assertThat(channels.get(0).settings()).containsExactly(Map.entry("sftp.host", "sftp.globex.example"),
                Map.entry("sftp.port", "2222"), Map.entry("sftp.user", "crahub"), Map.entry("sftp.path", "inbound/invoices"),
                Map.entry("sftp.credentials", "globex-sftp"), Map.entry("sftp.hostKey", HOST_KEY));
        assertThat(channels.get(3).settings()).containsExactly(Map.entry("platform", "my-pa"));
        // stored as flat settings and read back the same
        assertThat(ClientChannel.of("file", "UBL", channels.get(0).settings()).settings()).isEqualTo(channels.get(0).settings());
    }

    @Test
    void aSecretInTheReferentialIsAnUnknownKey() {
        assertThatThrownBy(() -> withChannels("""
                      - {type: file, sftp: {host: h, user: u, password: hunter2, credentials: c, hostKey: "%s"}}
                """.formatted(HOST_KEY)))
                .isInstanceOf(InvalidReferentialException.class).hasMessageContaining("unknown key 'password'");
    }

    @Test
    void everyChannelProblemIsReportedWithItsPath() throws IOException {
        assertThat(problems("""
                      - {type: fax}
                      - {type: file, format: pdf}
                      - {type: email, format: ubl}
                      - {type: chorus-pro, format: cii}
                      - {type: pa}
                      - {type: email, folder: data/outbox/x}
                      - {type: file, folder: data/outbox/x, sftp: {host: h, user: u, credentials: c, hostKey: "%s"}}
                      - {type: pa, platform: "My PA!"}
                """.formatted(HOST_KEY)))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].type: 'fax' is not one of"))
                .anyMatch(p -> p.startsWith("clients[0].channels[1].format: 'pdf'"))
                .anyMatch(p -> p.startsWith("clients[0].channels[2].format: the email channel sends the Factur-X only"))
                .anyMatch(p -> p.startsWith("clients[0].channels[3].format: the chorus-pro channel sends the Factur-X only"))
                .anyMatch(p -> p.startsWith("clients[0].channels[4].platform: the name of a platform"))
                .anyMatch(p -> p.startsWith("clients[0].channels[5].folder: a email channel has no 'folder'"))
                .anyMatch(p -> p.startsWith("clients[0].channels[6]: a file channel has either a folder or an sftp server"))
                .anyMatch(p -> p.startsWith("clients[0].channels[7].platform"));
    }

    @Test
    void anEmptyListIsRefused() throws IOException {
        String yaml = fixture().replace("    language: fr\n", "    language: fr\n    channels: []\n");
        assertThat(validator.validate(parser.parse(yaml.getBytes(StandardCharsets.UTF_8)), NONE))
                .anyMatch(p -> p.startsWith("clients[0].channels: at least one channel"));
    }

    @Test
    void aFolderOrAnSftpPathCannotEscape() throws IOException {
        for (String folder : List.of("../../etc", "data/outbox/../../secrets", "/tmp/outbox", "data/inbox/timesheets",
                "data/outbox", "data/outbox/", "data\\\\outbox\\\\x", "data/outbox//x", "data/outbox/.hidden",
                "C:/data/outbox/x", "routes/delivery")) {
            assertThat(problems("      - {type: file, folder: \"" + folder + "\"}\n")).as(folder)
                    .anyMatch(p -> p.startsWith("clients[0].channels[0].folder: '"));
        }
        for (String path : List.of("../other-user", "/etc", "in/../../x", "in\\\\x")) {
            assertThat(problems("      - {type: file, sftp: {host: h, user: u, path: \"" + path
                    + "\", credentials: c, hostKey: \"" + HOST_KEY + "\"}}\n")).as(path)
                    .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.path: '"));
        }
        assertThat(problems("      - {type: file, folder: data/outbox/einvoices/globex}\n")).isEmpty();
    }

    @Test
    void anSftpServerNeedsItsHostKeyAndNamedCredentials() throws IOException {
        assertThat(problems("      - {type: file, sftp: {host: \"bad host\", port: 70000, user: \"u;rm\"}}\n"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.host"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.port"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.user"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.credentials") && p.contains("CRAHUB_DELIVERY_CREDENTIALS_<NAME>_PASSWORD"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.hostKey: the server's public host key is required"));
        assertThat(problems("      - {type: file, sftp: {host: h, user: u, credentials: c, hostKey: \"ssh-dss AAAA\"}}\n"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.hostKey: 'ssh-dss AAAA' is not"));
        assertThat(problems("      - {type: file, sftp: {host: h, user: u, credentials: c, hostKey: \"ssh-ed25519 not*base64\"}}\n"))
                .anyMatch(p -> p.startsWith("clients[0].channels[0].sftp.hostKey: the key is not base64"));
    }
}
