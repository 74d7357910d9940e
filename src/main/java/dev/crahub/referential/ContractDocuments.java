package dev.crahub.referential;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.crahub.system.Hashing;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The quote and the purchase order of a contract (ADR 0025), stored write-once (table {@code contract_document}, V029:
 * never changed nor deleted, with their SHA-256 and who uploaded them) so the contract's invoice mails carry them. A
 * document is a PDF recognised by its content ({@code %PDF-} magic bytes, an {@code %%EOF} trailer), not by its name,
 * of bounded size. The latest upload of each kind is the one mailed.
 */
@Component
public class ContractDocuments {

    /** What a contract may hold. */
    public enum Kind { QUOTE, PURCHASE_ORDER }

    /** A stored document, without its bytes. */
    public record Stored(long id, String contract, Kind kind, String fileName, String mediaType, int size, String sha256,
                         String uploadedBy, OffsetDateTime uploadedAt) {
    }

    private final JdbcClient jdbc;
    private final long maxSize;

    public ContractDocuments(JdbcClient jdbc,
                             @Value("${crahub.mail.contract-document-max-size:5MB}") DataSize maxSize) {
        this.jdbc = jdbc;
        this.maxSize = maxSize.toBytes();
    }

    /**
     * Stores a document of a contract.
     *
     * @throws IllegalArgumentException saying what is wrong (not a PDF, too large, empty, unknown contract)
     */
    public Stored store(String contract, Kind kind, String fileName, byte[] content, String user) {
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("the document is empty");
        }
        if (content.length > maxSize) {
            throw new IllegalArgumentException("the document is " + content.length + " bytes, at most " + maxSize
                    + " (crahub.mail.contract-document-max-size)");
        }
        if (!isPdf(content)) {
            throw new IllegalArgumentException("the document is not a PDF (it must start with %PDF- and end with %%EOF)");
        }
        Integer known = jdbc.sql("SELECT count(*) FROM contract WHERE code = :c").param("c", contract)
                .query(Integer.class).single();
        if (known == 0) {
            throw new java.util.NoSuchElementException("no contract '" + contract + "'");
        }
        String name = fileName(fileName, contract, kind);
        long id = jdbc.sql("""
                INSERT INTO contract_document (contract_code, kind, file_name, media_type, size_bytes, sha256, content, uploaded_by)
                VALUES (:contract, :kind, :name, 'application/pdf', :size, :sha, :content, :user) RETURNING id
                """)
                .param("contract", contract).param("kind", kind.name()).param("name", name)
                .param("size", content.length).param("sha", Hashing.sha256(content)).param("content", content)
                .param("user", user == null ? "?" : user.length() > 100 ? user.substring(0, 100) : user)
                .query(Long.class).single();
        return find(id).orElseThrow();
    }

    /** Every document of a contract, oldest first. */
    public List<Stored> all(String contract) {
        return jdbc.sql(SELECT + " WHERE contract_code = :c ORDER BY id").param("c", contract).query(this::row).list();
    }

    /** The documents a mail of the contract carries: the latest of each kind. */
    public List<Stored> current(String contract) {
        List<Stored> latest = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            jdbc.sql(SELECT + " WHERE contract_code = :c AND kind = :k ORDER BY id DESC LIMIT 1")
                    .param("c", contract).param("k", kind.name()).query(this::row).optional().ifPresent(latest::add);
        }
        return latest;
    }

    public Optional<Stored> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(this::row).optional();
    }

    public byte[] content(long id) {
        return jdbc.sql("SELECT content FROM contract_document WHERE id = :id").param("id", id).query(byte[].class).single();
    }

    /** A PDF by its content: {@code %PDF-1.x} at the start, {@code %%EOF} in its last kilobyte. */
    static boolean isPdf(byte[] content) {
        if (content.length < 16 || !new String(content, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
            return false;
        }
        int from = Math.max(0, content.length - 1024);
        return new String(content, from, content.length - from, java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("%%EOF");
    }

    /** A plain file name (no path, no control character), ending in .pdf; the kind's own name when none is usable. */
    static String fileName(String given, String contract, Kind kind) {
        String base = given == null ? "" : given.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^\\p{L}\\p{N}._ -]", "_").strip();
        if (base.startsWith(".")) {
            base = base.replaceFirst("^\\.+", "");
        }
        if (base.isEmpty() || base.equals(".pdf")) {
            base = (kind == Kind.QUOTE ? "quote-" : "purchase-order-") + contract;
        }
        if (base.length() > 120) {
            base = base.substring(0, 120);
        }
        return base.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf") ? base : base + ".pdf";
    }

    private static final String SELECT = "SELECT id, contract_code, kind, file_name, media_type, size_bytes, sha256,"
            + " uploaded_by, uploaded_at FROM contract_document";

    private Stored row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Stored(rs.getLong("id"), rs.getString("contract_code"), Kind.valueOf(rs.getString("kind")),
                rs.getString("file_name"), rs.getString("media_type"), rs.getInt("size_bytes"), rs.getString("sha256"),
                rs.getString("uploaded_by"), rs.getObject("uploaded_at", OffsetDateTime.class));
    }
}
