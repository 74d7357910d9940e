package dev.crahub.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.crahub.einvoice.EInvoices;
import dev.crahub.system.CrahubHome;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code delivery-send-file} (ADR 0021): which e-invoice file, under which name, where. A folder
 * is written under {@code data/outbox/} of the home only, an SFTP server with strict host key checking against the
 * key the referential gives and the password from the environment. Either way the file is written under a
 * temporary name ({@value #TEMP_PREFIX}...) and renamed when complete, so a reader never sees half a file; writing
 * the same file again gives the same bytes under the same name (a VALID e-invoice never changes).
 */
@Component("fileChannel")
public class FileChannel {

    /** Prefix of the temporary name a file is written under before its rename. */
    public static final String TEMP_PREFIX = ".tmp-";
    /** Where a folder channel writes when the referential names no folder: {@code <this>/<seller>/}. */
    public static final String DEFAULT_FOLDER = "data/outbox/einvoices";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/-]{0,500}");
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final CrahubHome home;
    private final EInvoices einvoices;
    private final DeliveryCredentials credentials;

    public FileChannel(CrahubHome home, EInvoices einvoices, DeliveryCredentials credentials) {
        this.home = home;
        this.einvoices = einvoices;
        this.credentials = credentials;
    }

    /**
     * The Camel endpoint a folder channel writes through, rooted at the home (the file name header carries the path
     * under it): temporary name then rename, an existing file of that name replaced, the write forced to disk.
     * The crash test writes through this same endpoint.
     */
    public static String folderEndpoint(Path home) {
        return "file:" + home.toAbsolutePath() + "?tempPrefix=" + TEMP_PREFIX + "&fileExist=Override&forceWrites=true&autoCreate=true";
    }

    public String folderUri() {
        return folderEndpoint(home.root());
    }

    public boolean sftp(ChannelDelivery d) {
        return d.setting("sftp.host") != null;
    }

    /** The e-invoice's bytes in the channel's format (the gate passed it; this asks the gate again). */
    public byte[] content(ChannelDelivery d) {
        return einvoices.document(d.invoiceId(), d.format()).content();
    }

    /** The file's name: {@code <number>.pdf}, {@code <number>-cii.xml}, {@code <number>-ubl.xml}, checked plain. */
    public String fileName(ChannelDelivery d) {
        String name = d.format().fileName(d.invoiceNumber());
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new ChannelSetupException("the file name '" + name + "' is not a plain file name");
        }
        return name;
    }

    /**
     * The file's path relative to the home: {@code data/outbox/einvoices/<seller>/<file>}, or under the folder the
     * referential names, which must lie under {@code data/outbox/} (checked again here, symbolic links resolved).
     */
    public String folderPath(ChannelDelivery d) {
        String folder = d.setting("folder");
        if (folder == null) {
            if (!SAFE_SEGMENT.matcher(d.sellerCode()).matches()) {
                throw new ChannelSetupException("the seller code '" + d.sellerCode() + "' is not a plain folder name");
            }
            folder = DEFAULT_FOLDER + "/" + d.sellerCode();
        }
        Path outbox = home.root().resolve("data/outbox").toAbsolutePath().normalize();
        Path target = home.root().resolve(folder).toAbsolutePath().normalize();
        if (folder.startsWith("/") || folder.contains("..") || folder.contains("\\") || !target.startsWith(outbox)
                || target.equals(outbox)) {
            throw new ChannelSetupException("the folder '" + folder + "' is not under data/outbox/ of the hub's home");
        }
        try {
            Files.createDirectories(target);
            if (!target.toRealPath().startsWith(outbox.toRealPath())) {
                throw new ChannelSetupException("the folder '" + folder + "' leads out of data/outbox/ (a symbolic link)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + folder + ": " + e.getMessage(), e);
        }
        return home.root().toAbsolutePath().relativize(target.resolve(fileName(d))).toString();
    }

    /**
     * The Camel SFTP endpoint of the channel: strict host key checking against the configured key only (never
     * {@code ~/.ssh/known_hosts}), temporary name then rename, no reconnection loop (the dispatch's RETRY does that).
     */
    public String sftpUri(ChannelDelivery d) {
        String host = d.setting("sftp.host");
        int port = d.setting("sftp.port") == null ? 22 : Integer.parseInt(d.setting("sftp.port"));
        String path = d.setting("sftp.path");
        if (path != null && (path.startsWith("/") || path.contains("..") || !SAFE_PATH.matcher(path).matches())) {
            throw new ChannelSetupException("the SFTP path '" + path + "' is not a relative path under the user's home");
        }
        if (host == null || !SAFE_HOST.matcher(host).matches()) {
            throw new ChannelSetupException("the SFTP host '" + host + "' is not a host name");
        }
        String hostKey = d.setting("sftp.hostKey");
        if (hostKey == null) {
            throw new ChannelSetupException("the SFTP server " + host + " has no host key configured");
        }
        String[] key = hostKey.trim().split("\\s+");
        String knownHost = (port == 22 ? host : "[" + host + "]:" + port) + " " + key[0] + " " + key[1];
        DeliveryCredentials.Credentials c = credentials.get(d.setting("sftp.credentials"));
        StringBuilder uri = new StringBuilder("sftp://").append(host).append(':').append(port);
        if (path != null && !path.isBlank()) {
            uri.append('/').append(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }
        uri.append("?username=").append(raw(d.setting("sftp.user")));
        if (c.password() != null && !c.password().isEmpty()) {
            uri.append("&password=").append(raw(c.password()));
        }
        if (c.privateKeyFile() != null && !c.privateKeyFile().isEmpty()) {
            uri.append("&privateKeyFile=").append(raw(c.privateKeyFile()));
            if (c.passphrase() != null) {
                uri.append("&privateKeyPassphrase=").append(raw(c.passphrase()));
            }
        }
        uri.append("&knownHosts=").append(raw(knownHost))
                .append("&strictHostKeyChecking=yes&useUserKnownHostsFile=false&serverHostKeys=").append(key[0])
                .append("&tempPrefix=").append(TEMP_PREFIX).append("&fileExist=Override&binary=true&autoCreate=true")
                .append("&connectTimeout=10000&disconnect=true&throwExceptionOnConnectFailed=true&maximumReconnectAttempts=0");
        return uri.toString();
    }

    /** What the channel answers once the file is in place: its location as the remote id. */
    public ChannelOutcome written(ChannelDelivery d, String where) {
        return ChannelOutcome.delivered(where, "written " + where);
    }

    /** Where the SFTP file lands, for the attempt row: {@code sftp://host:port/path/file} (no credentials). */
    public String sftpLocation(ChannelDelivery d) {
        String path = d.setting("sftp.path");
        return "sftp://" + d.setting("sftp.host") + ":" + (d.setting("sftp.port") == null ? "22" : d.setting("sftp.port"))
                + "/" + (path == null || path.isBlank() ? "" : (path.endsWith("/") ? path : path + "/")) + fileName(d);
    }

    /** A value Camel takes as is in a URI; a value holding both closing forms is refused. */
    private static String raw(String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new ChannelSetupException("a channel setting or secret holds both ')' and '}', which the SFTP endpoint cannot take");
    }
}
