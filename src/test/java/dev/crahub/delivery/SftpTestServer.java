package dev.crahub.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server for the tests (Apache MINA SSHD): password authentication, a temporary root folder as every
 * user's home, an EC P-256 host key generated per server (its {@code known_hosts} form in {@link #hostKey()}).
 */
final class SftpTestServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;
    final Path root;

    private SftpTestServer(SshServer server, KeyPair hostKey, Path root) {
        this.server = server;
        this.hostKey = hostKey;
        this.root = root;
    }

    static SftpTestServer start(Path root, String user, String password) throws IOException, GeneralSecurityException {
        KeyPair key = ecKey();
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(key));
        sshd.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        return new SftpTestServer(sshd, key, root);
    }

    static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Another key's {@code known_hosts} form: a host key the server does not have. */
    static String ecKeyOrFail() {
        try {
            return PublicKeyEntry.toString(ecKey().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's public host key as {@code known_hosts} gives it: {@code ecdsa-sha2-nistp256 AAAA...}. */
    String hostKey() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
