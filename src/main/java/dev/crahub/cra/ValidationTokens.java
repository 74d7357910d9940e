package dev.crahub.cra;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.crahub.system.CrahubHome;
import dev.crahub.system.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The signed links of CRA validation. A token is {@code <payload>.<mac>}, both base64url: the payload is the token
 * row's random id (128 bits) and its expiry (epoch seconds), the MAC is HMAC-SHA256 over a purpose prefix and the
 * payload, with the key from {@code CRAHUB_VALIDATION_KEY} or, when unset, generated once into
 * {@code data/secrets/validation-key}. The token itself is never stored: the row (one CRA version, one approver) and
 * the key give it back, so a database dump alone opens no page; changing the key kills every link.
 * <p>
 * {@link #check} tells apart a tampered (or malformed) token, one signed right but unknown to the database, an
 * expired one, one revoked because a new version superseded its CRA, and one whose CRA is already decided.
 */
@Component
public class ValidationTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationTokens.class);
    private static final byte[] PURPOSE = "crahub/cra-validation/1|".getBytes(StandardCharsets.US_ASCII);
    private static final int PAYLOAD_BYTES = 24;
    private static final int MAX_TOKEN_LENGTH = 128;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final JdbcClient jdbc;
    private final Duration validity;
    private final Supplier<String> publicBaseUrl;

    /**
     * Spring's: without {@code crahub.public-base-url}, links point to {@code http://localhost:<the port the server
     * listens on><context path>}, read when a link is made (the port is known only once the server started, and may
     * be a random one); a warning at start says so, since such links work on this machine only.
     */
    @Autowired
    public ValidationTokens(JdbcClient jdbc, CrahubHome home, Environment environment,
                            @Value("${crahub.cra.validation.key:${CRAHUB_VALIDATION_KEY:}}") String key,
                            @Value("${crahub.cra.validation.token-validity:30d}") Duration validity,
                            @Value("${crahub.public-base-url:}") String publicBaseUrl) {
        this(jdbc, key == null || key.isBlank() ? keptKey(Secrets.folder(home).resolve("validation-key")) : key,
                validity, publicBaseUrl == null || publicBaseUrl.isBlank() ? localBase(environment) : () -> publicBaseUrl);
    }

    public ValidationTokens(JdbcClient jdbc, String key, Duration validity, String publicBaseUrl) {
        this(jdbc, key, validity, () -> publicBaseUrl);
    }

    private ValidationTokens(JdbcClient jdbc, String key, Duration validity, Supplier<String> publicBaseUrl) {
        if (key.length() < 32) {
            throw new IllegalStateException("CRAHUB_VALIDATION_KEY must hold at least 32 characters");
        }
        this.jdbc = jdbc;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.validity = validity;
        this.publicBaseUrl = () -> {
            String base = publicBaseUrl.get();
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        };
    }

    private static Supplier<String> localBase(Environment environment) {
        LOG.warn("crahub.public-base-url is not set: CRA validation links point to http://localhost, which only this "
                + "machine can open; set CRAHUB_PUBLIC_BASE_URL to the address your clients reach the hub at");
        return () -> "http://localhost:"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                + environment.getProperty("server.servlet.context-path", "");
    }

    private static String keptKey(Path file) {
        return Secrets.read(file).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = B64.encodeToString(random);
            Secrets.create(file, generated);
            LOG.info("Generated the key of CRA validation links into {} (set CRAHUB_VALIDATION_KEY to choose it)", file);
            return generated;
        });
    }

    /** A new link for one approver of one CRA version, stored (in the caller's transaction) and answered. */
    public Issued issue(long craId, String approverName, String approverEmail, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = now.plus(validity).withNano(0);
        jdbc.sql("""
                INSERT INTO cra_validation_token (id, cra_id, approver_name, approver_email, issued_at, expires_at)
                VALUES (:id, :cra, :name, :email, :now, :expires)
                """)
                .param("id", id).param("cra", craId).param("name", approverName).param("email", approverEmail)
                .param("now", now).param("expires", expires).update();
        return new Issued(id, sign(id, expires.toInstant()), expires);
    }

    /** The token of a stored row (for the mail that carries it). */
    public String token(UUID id) {
        Instant expires = jdbc.sql("SELECT expires_at FROM cra_validation_token WHERE id = :id").param("id", id)
                .query(OffsetDateTime.class).single().toInstant();
        return sign(id, expires);
    }

    /** The link an approver opens: {@code <crahub.public-base-url>/validation/<token>}. */
    public String link(UUID id) {
        return publicBaseUrl.get() + "/validation/" + token(id);
    }

    public String publicBaseUrl() {
        return publicBaseUrl.get();
    }

    /** Revokes the open links of a CRA version (a new version supersedes it). */
    public int revokeAll(long craId, String reason, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE cra_validation_token SET revoked_at = :now, revoked_reason = :reason
                WHERE cra_id = :cra AND revoked_at IS NULL
                """)
                .param("cra", craId).param("reason", reason).param("now", now).update();
    }

    /** What a presented token is worth now; never decides anything. */
    public Check check(String token, OffsetDateTime now) {
        Optional<Signed> signed = verify(token);
        if (signed.isEmpty()) {
            return new Check(Verdict.TAMPERED, null);
        }
        Optional<Row> row = jdbc.sql("""
                SELECT t.id, t.cra_id, t.approver_name, t.approver_email, t.issued_at, t.expires_at, t.revoked_at,
                       t.revoked_reason, t.first_opened_at, t.used_at, c.status, cl.language
                FROM cra_validation_token t JOIN cra c ON c.id = t.cra_id
                     JOIN contract k ON k.code = c.contract_code JOIN client cl ON cl.code = k.client_code
                WHERE t.id = :id
                """)
                .param("id", signed.get().id())
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getLong("cra_id"), rs.getString("approver_name"),
                        rs.getString("approver_email"), rs.getObject("issued_at", OffsetDateTime.class),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
                        rs.getString("revoked_reason"), rs.getObject("first_opened_at", OffsetDateTime.class),
                        rs.getObject("used_at", OffsetDateTime.class), CraStatus.valueOf(rs.getString("status")),
                        rs.getString("language")))
                .optional();
        if (row.isEmpty() || !row.get().expiresAt().toInstant().equals(signed.get().expires())) {
            return new Check(Verdict.UNKNOWN, null);
        }
        Row r = row.get();
        if (r.craStatus() == CraStatus.SUPERSEDED || "SUPERSEDED".equals(r.revokedReason())) {
            return new Check(Verdict.SUPERSEDED, r);
        }
        if (r.craStatus() == CraStatus.APPROVED || r.craStatus() == CraStatus.REJECTED) {
            return new Check(Verdict.DECIDED, r);
        }
        if (r.revokedAt() != null) {
            return new Check(Verdict.REVOKED, r);
        }
        if (!now.isBefore(r.expiresAt())) {
            return new Check(Verdict.EXPIRED, r);
        }
        return new Check(Verdict.VALID, r);
    }

    String sign(UUID id, Instant expires) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES);
        payload.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).putLong(expires.getEpochSecond());
        byte[] bytes = payload.array();
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /** The id and expiry of a token whose MAC is right; empty for anything else (never an exception). */
    Optional<Signed> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] payload = B64D.decode(token.substring(0, dot));
            byte[] mac = B64D.decode(token.substring(dot + 1));
            if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(mac, mac(payload))
                    || !token.equals(B64.encodeToString(payload) + "." + B64.encodeToString(mac))) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(payload);
            return Optional.of(new Signed(new UUID(b.getLong(), b.getLong()), Instant.ofEpochSecond(b.getLong())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One {@link Mac} per thread, keyed once (a provider lookup and a key schedule on every token otherwise). */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private byte[] mac(byte[] payload) {
        Mac mac = macs.get();
        mac.reset();
        mac.update(PURPOSE);
        return mac.doFinal(payload);
    }

    /** A link just issued. */
    public record Issued(UUID id, String token, OffsetDateTime expiresAt) {
    }

    record Signed(UUID id, Instant expires) {
    }

    /** What a token is worth. */
    public enum Verdict {
        /** opens the page and may decide */
        VALID,
        /** malformed, or its signature is wrong */
        TAMPERED,
        /** signed right, but no such link (another database, or a restored one) */
        UNKNOWN,
        EXPIRED,
        /** its CRA version was replaced by a newer one */
        SUPERSEDED,
        /** its CRA version is already approved or rejected (by this approver or another one) */
        DECIDED,
        /** withdrawn for another reason */
        REVOKED
    }

    /** A token row with its CRA's status and the client's language (for the page in the right language). */
    public record Row(UUID id, long craId, String approverName, String approverEmail, OffsetDateTime issuedAt,
                      OffsetDateTime expiresAt, OffsetDateTime revokedAt, String revokedReason,
                      OffsetDateTime firstOpenedAt, OffsetDateTime usedAt, CraStatus craStatus, String language) {
    }

    /** The verdict, and the row when the token is signed right and known. */
    public record Check(Verdict verdict, Row row) {
        public boolean valid() {
            return verdict == Verdict.VALID;
        }
    }
}
