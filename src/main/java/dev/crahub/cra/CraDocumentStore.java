package dev.crahub.cra;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.crahub.referential.Client;
import dev.crahub.referential.Contact;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The documents of a decided CRA: the rendering with its approval block, kept beside the version the approver saw
 * (which never changes), and which decided CRAs still wait for theirs. Also the client's approvers a new version
 * names. Kept apart from {@link CraStore} so that the workflow's and the documents' storage evolve separately.
 */
@Repository
public class CraDocumentStore {

    private final JdbcClient jdbc;

    public CraDocumentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The client's approvers in the referential's order; the client's single approver when none are listed. */
    public List<Contact> approvers(Client client) {
        List<Contact> listed = jdbc.sql("SELECT name, email FROM client_approver WHERE client_code = :client ORDER BY position")
                .param("client", client.code())
                .query((rs, n) -> new Contact(rs.getString("name"), rs.getString("email"), List.of()))
                .list();
        if (!listed.isEmpty()) {
            return listed;
        }
        return client.approver() == null || client.approver().email() == null ? List.of() : List.of(client.approver());
    }

    /**
     * Decided CRAs whose decided rendering is still missing and did not fail (a failure waits in the dead letters
     * for its replay), oldest first.
     */
    public List<Long> decidedToRender(int max) {
        return jdbc.sql("""
                SELECT c.id FROM cra c JOIN cra_decision d ON d.cra_id = c.id
                WHERE c.decided_at IS NOT NULL AND c.approved_pdf IS NULL AND c.decided_render_failed_at IS NULL
                ORDER BY c.id LIMIT :max
                """)
                .param("max", max).query(Long.class).list();
    }

    /**
     * The XML the approver saw, when the CRA is decided and its decided rendering not stored yet; the row stays
     * locked until the caller's transaction ends, so one rendering is stored whoever asks at the same time.
     */
    Optional<String> seenXmlToRender(long craId) {
        return jdbc.sql("""
                SELECT c.xml FROM cra c
                WHERE c.id = :id AND c.approved_pdf IS NULL AND EXISTS (SELECT 1 FROM cra_decision d WHERE d.cra_id = c.id)
                FOR UPDATE OF c
                """)
                .param("id", craId).query(String.class).optional();
    }

    /**
     * Stores the decided rendering (in the caller's transaction); the version the approver saw is left as it is.
     * Answers the CRA id.
     */
    public long saveDecided(CraApprovalDocument.Decided decided, byte[] pdf) {
        int updated = jdbc.sql("""
                UPDATE cra SET approved_xml = :xml, approved_pdf = :pdf, decided_render_failed_at = NULL
                WHERE id = :id AND approved_pdf IS NULL
                """)
                .param("id", decided.craId()).param("xml", new String(decided.xml(), StandardCharsets.UTF_8))
                .param("pdf", pdf).update();
        if (updated != 1) {
            throw new IllegalStateException("CRA " + decided.craId() + " already has its decided rendering");
        }
        return decided.craId();
    }

    /** Notes that rendering failed, so that the poll leaves it to the dead letters' replay. */
    public void renderFailed(long craId) {
        jdbc.sql("UPDATE cra SET decided_render_failed_at = now() WHERE id = :id").param("id", craId).update();
    }

    /** The decided rendering's PDF, when there is one. */
    public Optional<byte[]> decidedPdf(long craId) {
        return jdbc.sql("SELECT approved_pdf FROM cra WHERE id = :id AND approved_pdf IS NOT NULL")
                .param("id", craId).query(byte[].class).optional();
    }

    /** The decided rendering's XML, when there is one. */
    public Optional<String> decidedXml(long craId) {
        return jdbc.sql("SELECT approved_xml FROM cra WHERE id = :id AND approved_xml IS NOT NULL")
                .param("id", craId).query(String.class).optional();
    }
}
