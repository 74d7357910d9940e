package dev.crahub.cra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import dev.crahub.cra.CraDecisions.DayVerdict;
import dev.crahub.cra.CraDecisions.Kind;
import dev.crahub.cra.CraDecisions.Outcome;
import dev.crahub.cra.CraDecisions.Recorded;
import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.system.SecureXml;
import dev.crahub.system.XmlBuilder;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The decided CRA document, built from the XML the approver saw and the recorded decision (no Spring). */
class CraApprovalDocumentTests {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final XmlSchemaValidator VALIDATOR = new XmlSchemaValidator();
    private static final String XML_SHA = "0123456789abcdef".repeat(4);
    private static final String PDF_SHA = "fedcba9876543210".repeat(4);

    static String seen() {
        try (InputStream in = CraApprovalDocumentTests.class.getResourceAsStream("/canonical/cra-sample.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Recorded decision(Outcome outcome, Kind kind, String comment, List<DayVerdict> days) {
        return new Recorded(1, 42, outcome, kind, kind == Kind.TACIT ? null : "Claire Martin",
                kind == Kind.TACIT ? null : "claire.martin@globex.example", kind == Kind.RECORDED ? "admin" : null,
                kind == Kind.RECORDED ? "accord reçu par courrier" : null, comment,
                OffsetDateTime.parse("2026-11-05T13:02:00Z"), "203.0.113.9", "Mozilla/5.0", XML_SHA, PDF_SHA, days);
    }

    private static Element root(byte[] xml) {
        return SecureXml.parse(xml).getDocumentElement();
    }

    private static String text(Element root, String name) {
        var nodes = root.getElementsByTagNameNS(CraXmlWriter.NAMESPACE, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    @Test
    void anApprovedCraSaysWhoApprovedWhenInTheBusinessZoneAndWhatTheyApproved() {
        byte[] xml = CraApprovalDocument.decided(seen(), decision(Outcome.APPROVED, Kind.LINK, "RAS", List.of()), PARIS, VALIDATOR);

        Element root = root(xml);
        assertThat(text(root, "status")).isEqualTo("APPROVED");
        assertThat(text(root, "approvedAt")).isEqualTo("2026-11-05T14:02:00+01:00");
        assertThat(text(root, "approvedBy")).isEqualTo("Claire Martin");
        Element approval = (Element) root.getElementsByTagNameNS(CraXmlWriter.NAMESPACE, "approval").item(0);
        assertThat(approval.getParentNode()).isSameAs(root);
        assertThat(text(approval, "outcome")).isEqualTo("APPROVED");
        assertThat(text(approval, "kind")).isEqualTo("LINK");
        assertThat(text(approval, "email")).isEqualTo("claire.martin@globex.example");
        assertThat(text(approval, "decidedAt")).isEqualTo("2026-11-05T14:02:00+01:00");
        assertThat(text(approval, "comment")).isEqualTo("RAS");
        assertThat(text(approval, "xmlSha256")).isEqualTo(XML_SHA);
        assertThat(text(approval, "pdfSha256")).isEqualTo(PDF_SHA);
        assertThat(text(approval, "recordedBy")).isNull();
        // the document the approver saw is otherwise untouched: same sessions, same totals
        String decided = new String(xml, StandardCharsets.UTF_8);
        assertThat(decided).contains("Analyse des flux Factur-X &amp; UBL", "<amount currency=\"EUR\">1911.00</amount>");
        assertThat(root.getElementsByTagNameNS(CraXmlWriter.NAMESPACE, "entry").getLength()).isEqualTo(4);
    }

    @Test
    void aRejectedCraKeepsNoApprovalDateAndListsTheDisputedDays() {
        byte[] xml = CraApprovalDocument.decided(seen(), decision(Outcome.REJECTED, Kind.LINK, "Deux jours à revoir",
                List.of(new DayVerdict(LocalDate.parse("2026-10-02"), Outcome.REJECTED, "Alice était absente"))), PARIS, VALIDATOR);

        Element root = root(xml);
        assertThat(text(root, "status")).isEqualTo("REJECTED");
        assertThat(text(root, "approvedAt")).isNull();
        assertThat(text(root, "approvedBy")).isNull();
        Element day = (Element) ((Element) root.getElementsByTagNameNS(CraXmlWriter.NAMESPACE, "approval").item(0))
                .getElementsByTagNameNS(CraXmlWriter.NAMESPACE, "day").item(0);
        assertThat(day.getAttribute("date")).isEqualTo("2026-10-02");
        assertThat(day.getAttribute("outcome")).isEqualTo("REJECTED");
        assertThat(day.getTextContent().strip()).isEqualTo("Alice était absente");
    }

    @Test
    void aRecordedApprovalNamesTheApproverAndTheHubUserApart() {
        byte[] xml = CraApprovalDocument.decided(seen(), decision(Outcome.APPROVED, Kind.RECORDED, null, List.of()), PARIS, VALIDATOR);

        Element root = root(xml);
        assertThat(text(root, "approvedBy")).isEqualTo("Claire Martin");
        assertThat(text(root, "recordedBy")).isEqualTo("admin");
        assertThat(text(root, "reason")).isEqualTo("accord reçu par courrier");
    }

    @Test
    void aTacitApprovalWithoutApproverIsValid() {
        byte[] xml = CraApprovalDocument.decided(seen(), decision(Outcome.APPROVED, Kind.TACIT, null, List.of()), PARIS, VALIDATOR);

        Element root = root(xml);
        assertThat(text(root, "kind")).isEqualTo("TACIT");
        assertThat(text(root, "approvedBy")).isNull();
        assertThat(text(root, "approvedAt")).isEqualTo("2026-11-05T14:02:00+01:00");
    }

    @Test
    void decidingTwiceReplacesTheApprovalInsteadOfAddingOne() {
        byte[] once = CraApprovalDocument.decided(seen(), decision(Outcome.REJECTED, Kind.LINK, "non", List.of()), PARIS, VALIDATOR);
        byte[] twice = CraApprovalDocument.decided(new String(once, StandardCharsets.UTF_8),
                decision(Outcome.APPROVED, Kind.LINK, null, List.of()), PARIS, VALIDATOR);

        assertThat(root(twice).getElementsByTagNameNS(CraXmlWriter.NAMESPACE, "approval").getLength()).isEqualTo(1);
        assertThat(text(root(twice), "status")).isEqualTo("APPROVED");
    }

    @Test
    void aCommentXmlCannotCarryFailsNamingTheField() {
        Recorded hostile = decision(Outcome.REJECTED, Kind.LINK, "bad \u0001 byte", List.of());

        assertThatThrownBy(() -> CraApprovalDocument.decided(seen(), hostile, PARIS, VALIDATOR))
                .isInstanceOf(XmlBuilder.UnwritableValueException.class).hasMessageContaining("comment");
    }

    @Test
    void aStoredDocumentWithADoctypeIsRefused() {
        String hostile = seen().replace("<cra ", "<!DOCTYPE cra [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<cra ");

        assertThatThrownBy(() -> CraApprovalDocument.decided(hostile, decision(Outcome.APPROVED, Kind.LINK, null, List.of()),
                PARIS, VALIDATOR)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
    }
}
