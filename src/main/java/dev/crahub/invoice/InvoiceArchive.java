package dev.crahub.invoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.crahub.system.CrahubHome;
import dev.crahub.system.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The write-once copy of issued invoices in {@code data/archive/invoices/<seller>/<year>/<number>.pdf|.xml}. The
 * database is the truth; the archive follows it:
 * <ul>
 * <li>a file is written only after the issuing transaction committed, whole or not at all (written aside, synced,
 * then hard-linked under its name, which never replaces an existing file);</li>
 * <li>at every start, {@link #reconcile()} writes the copy of an issued invoice that has none (the hub died between
 * commit and write), moves aside to {@code .orphaned/} a file whose number the database does not hold (a lost
 * commit, or a restored backup) with a note saying why, and reports a file whose bytes differ from the database's,
 * leaving it as it is.</li>
 * </ul>
 */
@Component
@Order(0)
public class InvoiceArchive implements ApplicationRunner {

    static final String ORPHANED = ".orphaned";
    private static final Logger log = LoggerFactory.getLogger(InvoiceArchive.class);
    private static final String[] KINDS = {"pdf", "xml"};

    private final JdbcClient jdbc;
    private final Path root;
    private final Clock clock;

    public InvoiceArchive(JdbcClient jdbc, CrahubHome home, Clock clock) {
        this.jdbc = jdbc;
        this.root = home.archive("invoices");
        this.clock = clock;
    }

    /** What a reconciliation did, for the log and the tests. */
    public record Reconciliation(List<String> restored, List<String> orphaned, List<String> differing) {
    }

    @Override
    public void run(ApplicationArguments args) {
        reconcile();
    }

    /** Writes the copy of a committed invoice; an identical existing copy is fine, a different one is reported. */
    void write(String seller, LocalDate issueDate, String number, byte[] pdf, byte[] xml) {
        Path dir = folder(seller, issueDate);
        try {
            Files.createDirectories(dir);
            writeOnce(dir.resolve(number + ".pdf"), pdf);
            writeOnce(dir.resolve(number + ".xml"), xml);
        } catch (IOException | UncheckedIOException e) {
            // the database holds the original; the next start writes the copy
            log.error("Invoice {} issued but its archive copy could not be written to {}: {}", number, dir, e.toString());
        }
    }

    /** Brings the archive in line with the database (see the class comment). */
    public synchronized Reconciliation reconcile() {
        long began = System.nanoTime();
        List<String> restored = new ArrayList<>();
        List<String> orphaned = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        List<Issued> issued = jdbc.sql("""
                SELECT id, number, seller_code, issue_date, sha256,
                       encode(sha256(convert_to(xml, 'UTF8')), 'hex') AS xml_sha256
                FROM invoice ORDER BY id
                """)
                .query((rs, n) -> new Issued(rs.getLong("id"), rs.getString("number"), rs.getString("seller_code"),
                        rs.getObject("issue_date", LocalDate.class), rs.getString("sha256").strip(), rs.getString("xml_sha256")))
                .list();
        try {
            Set<Path> expected = new HashSet<>();
            for (Issued i : issued) {
                for (String kind : KINDS) {
                    Path file = folder(i.seller(), i.issueDate()).resolve(i.number() + "." + kind);
                    expected.add(file);
                    String sha = kind.equals("pdf") ? i.pdfSha256() : i.xmlSha256();
                    if (!Files.exists(file)) {
                        Files.createDirectories(file.getParent());
                        writeOnce(file, content(i.id(), kind));
                        restored.add(root.relativize(file).toString());
                        log.warn("Archive: wrote {} from the database (the hub stopped after issuing invoice {} and "
                                + "before archiving it)", root.relativize(file), i.number());
                    } else if (!sha.equalsIgnoreCase(Hashing.sha256(Files.readAllBytes(file)))) {
                        differing.add(root.relativize(file).toString());
                        log.error("Archive: {} differs from invoice {} as issued in the database, which is the "
                                + "original; the file is left as it is for you to inspect", root.relativize(file), i.number());
                    }
                }
            }
            if (Files.isDirectory(root)) {
                String stamp = OffsetDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                for (Path file : archivedFiles()) {
                    if (file.getFileName().toString().startsWith(".")) {
                        Files.deleteIfExists(file); // a copy being written when the hub stopped
                    } else if (!expected.contains(file)) {
                        orphaned.add(root.relativize(file).toString());
                        moveAside(file, stamp);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reconcile the invoice archive " + root + " with the database", e);
        }
        log.info("Archive of {} issued invoice(s) checked in {} ms: {} copy(ies) restored, {} file(s) moved aside, "
                + "{} differing", issued.size(), (System.nanoTime() - began) / 1_000_000, restored.size(),
                orphaned.size(), differing.size());
        return new Reconciliation(restored, orphaned, differing);
    }

    private List<Path> archivedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> root.relativize(f).getNameCount() == 3)
                    .filter(f -> !root.relativize(f).getName(0).toString().equals(ORPHANED))
                    .toList();
        }
    }

    private void moveAside(Path file, String stamp) throws IOException {
        Path relative = root.relativize(file);
        Path target = root.resolve(ORPHANED).resolve(stamp).resolve(relative);
        Files.createDirectories(target.getParent());
        Files.move(file, target);
        String name = file.getFileName().toString();
        String number = name.substring(0, name.lastIndexOf('.'));
        Files.writeString(target.resolveSibling(name + ".why.txt"), """
                Moved here by crahub on %s from %s.
                The database holds no issued invoice numbered %s: the commit that issued it was lost (a crash of the
                database), or the database was restored from an older backup. This file is therefore not an issued
                invoice, and the number %s may be given to another invoice. Kept for inspection only.
                """.formatted(OffsetDateTime.now(clock), relative, number, number), StandardCharsets.UTF_8);
        log.warn("Archive: {} names no invoice of the database (a lost commit or a restored backup); moved to {} "
                + "with a note", relative, root.relativize(target));
    }

    private byte[] content(long id, String kind) {
        if (kind.equals("pdf")) {
            return jdbc.sql("SELECT pdf FROM invoice WHERE id = :id").param("id", id).query(byte[].class).single();
        }
        return jdbc.sql("SELECT xml FROM invoice WHERE id = :id").param("id", id).query(String.class).single()
                .getBytes(StandardCharsets.UTF_8);
    }

    private Path folder(String seller, LocalDate issueDate) {
        return root.resolve(seller).resolve(String.valueOf(issueDate.getYear()));
    }

    /** Written aside and synced, then linked under its name: the name shows a whole file or none, never replaced. */
    private static void writeOnce(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                if (!Arrays.equals(Files.readAllBytes(file), bytes)) {
                    log.error("Archive: {} already exists with other content than the database's; left as it is", file);
                }
            } catch (UnsupportedOperationException e) {
                Files.copy(temp, file); // no hard links here: still never replaces
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private record Issued(long id, String number, String seller, LocalDate issueDate, String pdfSha256, String xmlSha256) {
    }
}
