package dev.crahub.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.crahub.cra.CraDecisions;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailTemplateEngine;
import dev.crahub.cra.CraMailQueue.Kind;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The five CRA workflow mails as the client and the account manager read them, in French and English. */
class CraMailComposerTests {

    static final String LINK = "https://hub.example/validation/AAAA.BBBB";
    static final byte[] PDF = "%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-09T09:00:00Z"), ZoneId.of("Europe/Paris"));

    static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <cra xmlns="urn:crahub:cra:1" id="42" version="2" language="fr">
              <month>2026-11</month>
              <consultants>
                <consultant code="jdupont"><name>Jean Dupont</name><totalHours>80</totalHours><totalDays>10</totalDays></consultant>
                <consultant code="amoreau"><name>Alice Moreau</name><totalHours>44</totalHours><totalDays>5.5</totalDays></consultant>
              </consultants>
              <days><day date="2026-11-02" consultant="jdupont" hours="8"/></days>
              <totals><hours>124</hours><days>15.5</days><amount currency="EUR">10075.00</amount></totals>
              %s
            </cra>
            """;
    static final String CHANGES = """
            <changes sinceVersion="1">
              <day date="2026-11-03" consultant="jdupont" change="ADDED" hoursBefore="0" hoursAfter="8"/>
              <day date="2026-11-04" consultant="amoreau" change="REMOVED" hoursBefore="4" hoursAfter="0"/>
              <day date="2026-11-05" consultant="amoreau" change="CHANGED" hoursBefore="8" hoursAfter="4"/>
            </changes>
            """;

    /** The repository's own templates, as shipped to every home. */
    static final MailTemplateEngine ENGINE = MailTemplateEngine.of(java.nio.file.Path.of("templates"));

    private final CraMailComposer composer = new CraMailComposer(accounts(null), ENGINE, CLOCK);

    /** The mailboxes of a hub whose default mailbox sends from {@code from} (null: from each seller's address). */
    static MailAccounts accounts(String from) {
        return new MailAccounts(new MailSettings(from, null, null, null, null, null, null));
    }

    static CraMailStore.Facts facts(Kind kind, String language, String name, String email, String xml) {
        return new CraMailStore.Facts(7, 42, kind, name, email, UUID.randomUUID(), "<cra.42.x.1@crahub.invalid>",
                "mail-globex", "Refonte de la plateforme", YearMonth.of(2026, 11), 2, LocalDate.of(2026, 12, 11),
                OffsetDateTime.parse("2026-12-02T10:00:00+01:00"), xml, "Globex France SA", language,
                "ACME Conseil SAS", "facturation@acme.example", "Bob Porter", "bob.porter@acme.example", null, null);
    }

    static CraMailComposer.Content content(CraMailStore.Facts f, CraDecisions.Recorded decision) {
        Map<String, String> approvers = new LinkedHashMap<>();
        approvers.put("claire.martin@globex.example", "Claire Martin");
        approvers.put("achats@globex.example", null);
        return new CraMailComposer.Content(f, LINK, PDF, decision, approvers, 2, LocalDate.now(CLOCK));
    }

    static CraDecisions.Recorded rejection(String comment, String dayComment) {
        return new CraDecisions.Recorded(1, 42, CraDecisions.Outcome.REJECTED, CraDecisions.Kind.LINK, "Claire Martin",
                "claire.martin@globex.example", null, null, comment, OffsetDateTime.parse("2026-12-10T16:30:00+01:00"),
                "203.0.113.9", "Firefox", "a".repeat(64), "b".repeat(64),
                List.of(new CraDecisions.DayVerdict(LocalDate.of(2026, 11, 3), CraDecisions.Outcome.REJECTED, dayComment),
                        new CraDecisions.DayVerdict(LocalDate.of(2026, 11, 4), CraDecisions.Outcome.APPROVED, null)));
    }

    /** The message as it travels (written and read back), with its text and HTML parts and attachments. */
    record Read(MimeMessage message, String raw, String text, String html, List<Part> attachments) {
    }

    Read compose(CraMailComposer.Content c) throws Exception {
        byte[] eml = composer.toEml(composer.compose(c).message());
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
        List<Part> parts = new ArrayList<>();
        collect(m, parts);
        String text = null;
        String html = null;
        List<Part> attachments = new ArrayList<>();
        for (Part p : parts) {
            if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
                attachments.add(p);
            } else if (p.isMimeType("text/plain")) {
                text = (String) p.getContent();
            } else if (p.isMimeType("text/html")) {
                html = (String) p.getContent();
            }
        }
        return new Read(m, new String(eml, StandardCharsets.UTF_8), text, html, attachments);
    }

    static void collect(Part part, List<Part> into) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), into);
            }
        } else {
            into.add(part);
        }
    }

    @Test
    void theFrenchValidationRequestGreetsTheApproverAndCarriesTotalsDeadlineLinkAndPdf() throws Exception {
        Read r = compose(content(facts(Kind.VALIDATION_REQUEST, "fr", "Claire Martin", "claire.martin@globex.example",
                XML.formatted("")), null));
        assertThat(r.message().getSubject()).isEqualTo("CRA à valider – Refonte de la plateforme – novembre 2026 (version 2)");
        assertThat(r.text()).startsWith("Bonjour Claire Martin,")
                .contains("novembre 2026", "version 2", "avant le 11/12/2026", LINK,
                        "- Jean Dupont : 10 jours, 80 heures", "- Alice Moreau : 5,5 jours, 44 heures",
                        "Total : 15,5 jours, 124 heures")
                .doesNotContain("${", "changé");
        assertThat(r.html()).contains("<html lang=\"fr\">", "<a href=\"" + LINK + "\"", "<td>Jean Dupont</td>", "5,5");
        assertThat(r.message().getContentType()).startsWith("multipart/mixed");
        assertThat(r.raw()).contains("multipart/alternative");
        assertThat(r.attachments()).singleElement().satisfies(a -> {
            assertThat(a.getFileName()).isEqualTo("CRA-mail-globex-2026-11-v2.pdf");
            assertThat(a.getInputStream().readAllBytes()).isEqualTo(PDF);
        });
        assertThat(r.message().getMessageID()).isEqualTo("<cra.42.x.1@crahub.invalid>");
        assertThat(r.message().getHeader("X-Crahub-Cra")).containsExactly("42");
        assertThat(r.message().getHeader("X-Crahub-Mail-Kind")).containsExactly("VALIDATION_REQUEST");
        InternetAddress to = (InternetAddress) r.message().getAllRecipients()[0];
        assertThat(to.getAddress()).isEqualTo("claire.martin@globex.example");
        assertThat(to.getPersonal()).isEqualTo("Claire Martin");
        // the default sender is a placeholder: the seller's own address instead; answers go to the account manager
        assertThat(((InternetAddress) r.message().getFrom()[0]).getAddress()).isEqualTo("facturation@acme.example");
        assertThat(((InternetAddress) r.message().getReplyTo()[0]).getAddress()).isEqualTo("bob.porter@acme.example");
    }

    @Test
    void theEnglishRequestSaysTheSameInEnglish() throws Exception {
        Read r = compose(content(facts(Kind.VALIDATION_REQUEST, "en", "Peter Gibbons", "peter@initech.example",
                XML.formatted("")), null));
        assertThat(r.message().getSubject()).contains("November 2026");
        assertThat(r.text()).startsWith("Dear Peter Gibbons,")
                .contains("before 11 Dec 2026", "- Jean Dupont: 10 days, 80 hours", "- Alice Moreau: 5.5 days, 44 hours",
                        "Total: 15.5 days, 124 hours", LINK);
        assertThat(r.html()).contains("<html lang=\"en\">", "5.5");
    }

    @Test
    void aDepartmentOrNoNameGetsANeutralGreeting() {
        assertThat(CraMailComposer.greeting("Comptabilité fournisseurs", "fr")).isEqualTo("Bonjour,");
        assertThat(CraMailComposer.greeting("Service Achats", "fr")).isEqualTo("Bonjour,");
        assertThat(CraMailComposer.greeting("Accounts Payable", "en")).isEqualTo("Hello,");
        assertThat(CraMailComposer.greeting(null, "en")).isEqualTo("Hello,");
        assertThat(CraMailComposer.greeting("Jean-Luc de La Fontaine", "fr")).isEqualTo("Bonjour Jean-Luc de La Fontaine,");
    }

    @Test
    void aNewVersionListsWhatChangedSinceTheRejectedOne() throws Exception {
        String xml = XML.formatted(CHANGES);
        Read fr = compose(content(facts(Kind.VALIDATION_REQUEST, "fr", "Claire Martin", "c@globex.example", xml), null));
        assertThat(fr.text()).contains("Ce qui a changé depuis la version 1 :",
                "- 03/11/2026, Jean Dupont : jour ajouté (8 h)",
                "- 04/11/2026, Alice Moreau : jour retiré (4 h)",
                "- 05/11/2026, Alice Moreau : modifié : 8 h → 4 h");
        assertThat(fr.html()).contains("<li>03/11/2026, Jean Dupont : jour ajouté (8 h)</li>");
        Read en = compose(content(facts(Kind.REMINDER, "en", "Peter Gibbons", "p@initech.example", xml), null));
        assertThat(en.text()).contains("What changed since version 1:", "- 3 Nov 2026, Jean Dupont: day added (8 h)",
                "- 5 Nov 2026, Alice Moreau: changed: 8 h → 4 h");
    }

    @Test
    void aReminderCountsTheWorkingDaysLeft() throws Exception {
        // Wednesday 9 December 2026, deadline Friday 11: two working days
        Read fr = compose(content(facts(Kind.REMINDER, "fr", "Claire Martin", "c@globex.example", XML.formatted("")), null));
        assertThat(fr.message().getSubject()).startsWith("Rappel : CRA à valider avant le 11/12/2026");
        assertThat(fr.text()).contains("(dans 2 jours ouvrés)", LINK);
        assertThat(fr.attachments()).hasSize(1);
        assertThat(CraMailComposer.remaining(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 28), "en"))
                .as("Christmas and the weekend are no working days").isEqualTo("in 1 working day");
        assertThat(CraMailComposer.remaining(LocalDate.of(2026, 12, 11), LocalDate.of(2026, 12, 11), "fr"))
                .isEqualTo("c'est aujourd'hui");
    }

    @Test
    void theOtherApproversAreToldWhoDecidedAndThatNothingIsLeftToDo() throws Exception {
        CraDecisions.Recorded approved = new CraDecisions.Recorded(1, 42, CraDecisions.Outcome.APPROVED,
                CraDecisions.Kind.LINK, "Claire Martin", "claire.martin@globex.example", null, null, null,
                OffsetDateTime.parse("2026-12-10T23:30:00Z"), null, null, "a".repeat(64), "b".repeat(64), List.of());
        Read fr = compose(content(facts(Kind.DECIDED_NOTICE, "fr", "Marc Durand", "marc@globex.example", XML.formatted("")), approved));
        assertThat(fr.message().getSubject()).startsWith("CRA validé – ");
        // 23:30 UTC is already the 11th in Paris
        assertThat(fr.text()).startsWith("Bonjour Marc Durand,")
                .contains("a été validé par Claire Martin le 11/12/2026", "Vous n'avez plus rien à faire");
        assertThat(fr.attachments()).isEmpty();
        Read en = compose(content(facts(Kind.DECIDED_NOTICE, "en", "Mark Smith", "mark@initech.example", XML.formatted("")),
                rejection(null, null)));
        assertThat(en.text()).contains("was rejected by Claire Martin on 10 Dec 2026", "nothing more for you to do");
    }

    @Test
    void theRejectionNoticeQuotesTheCommentsEscapedInHtmlAndClipped() throws Exception {
        String script = "<script>alert('x')</script> & \"quotes\"";
        String huge = "Trop d'heures. ".repeat(10_000);
        Read r = compose(content(facts(Kind.REJECTION_NOTICE, "fr", "Bob Porter", "bob.porter@acme.example",
                XML.formatted("")), rejection(script, huge)));
        assertThat(r.message().getSubject()).isEqualTo("CRA refusé par le client – Refonte de la plateforme – novembre 2026 (version 2)");
        assertThat(r.text()).startsWith("Bonjour Bob Porter,")
                .contains("Claire Martin (Globex France SA) a refusé", "le 10/12/2026", "Commentaire : " + script,
                        "Jours refusés :", "- 03/11/2026 : Trop d'heures.", "version 3",
                        "https://hub.example/validation/AAAA.BBBB")
                .doesNotContain("04/11/2026");
        assertThat(r.html()).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
        assertThat(r.text().length()).as("a huge comment is clipped").isLessThan(CraMailComposer.MAX_COMMENT + 2000);
        assertThat(r.text()).contains("[…]");
        Read en = compose(content(facts(Kind.REJECTION_NOTICE, "en", "Bob Porter", "bob.porter@acme.example",
                XML.formatted("")), rejection(null, "wrong day")));
        assertThat(en.text()).contains("Comment: (none)", "Rejected days:", "- 3 Nov 2026: wrong day");
    }

    @Test
    void theEscalationNamesTheApproversTheSendingAndTheReminders() throws Exception {
        Read fr = compose(content(facts(Kind.ESCALATION, "fr", "Bob Porter", "bob.porter@acme.example", XML.formatted("")), null));
        assertThat(fr.message().getSubject()).startsWith("CRA sans réponse à l'échéance");
        assertThat(fr.text()).contains("échéance du 11/12/2026", "Envoyé le 02/12/2026 à :",
                "- Claire Martin <claire.martin@globex.example>", "- achats@globex.example", "Rappels envoyés : 2");
        assertThat(fr.html()).contains("<li>Claire Martin &lt;claire.martin@globex.example&gt;</li>");
        Read en = compose(content(facts(Kind.ESCALATION, "en", null, "bob.porter@acme.example", XML.formatted("")), null));
        assertThat(en.text()).startsWith("Hello,").contains("by its deadline, 11 Dec 2026", "Reminders sent: 2");
    }

    @Test
    void aNameOrLabelWithLineBreaksCannotAddAHeader() throws Exception {
        CraMailStore.Facts f = facts(Kind.VALIDATION_REQUEST, "fr", "Claire\r\nBcc: evil@attacker.example",
                "claire.martin@globex.example", XML.formatted(""));
        f = new CraMailStore.Facts(f.mailId(), f.craId(), f.kind(), f.recipientName(), f.recipientEmail(), f.tokenId(),
                f.messageId(), f.contract(), "Refonte\r\nBcc: evil2@attacker.example", f.month(), f.version(),
                f.deadline(), f.sentAt(), f.xml(), f.clientName(), f.language(), "ACME\nX-Evil: 1", f.sellerEmail(),
                f.accountManagerName(), f.accountManagerEmail(), null, null);
        Read r = compose(content(f, null));
        assertThat(r.message().getHeader("Bcc")).isNull();
        assertThat(r.message().getHeader("X-Evil")).isNull();
        String headers = r.raw().substring(0, r.raw().indexOf("\r\n\r\n"));
        assertThat(headers).doesNotContainPattern("(?m)^Bcc:").doesNotContainPattern("(?m)^X-Evil:");
        assertThat(r.message().getAllRecipients()).hasSize(1);
        assertThat(r.message().getSubject()).contains("Refonte Bcc: evil2@attacker.example");
    }

    @Test
    void aRecipientThatIsNotAnAddressIsRefusedClearly() {
        for (String bad : List.of("not an address", "", "a@b.example, c@d.example", "Eve <eve@x.example>",
                "eve@x.example\r\nBcc: f@y.example", "@nobody")) {
            assertThatThrownBy(() -> composer.compose(content(facts(Kind.VALIDATION_REQUEST, "fr", "Eve", bad,
                    XML.formatted("")), null)))
                    .as(bad).isInstanceOf(UnsendableMailException.class).hasMessageContaining("is not an e-mail address");
        }
    }

    @Test
    void aConfiguredSenderIsKeptAndAMissingChangesElementIsNoProblem() throws Exception {
        CraMailComposer withFrom = new CraMailComposer(accounts("cra@acme.example"), ENGINE, CLOCK);
        MimeMessage m = withFrom.compose(content(facts(Kind.VALIDATION_REQUEST, "fr", "Claire Martin",
                "c@globex.example", null), null)).message();
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("cra@acme.example");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("ACME Conseil SAS");
    }

    @Test
    void theContractsSetOverridesAKindAndTheRestComesFromDefault(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        java.nio.file.Path templates = home.resolve("templates");
        // the shipped default set, and a set of the contract holding only its own French validation request
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("templates/default/mail"))) {
            java.nio.file.Path mail = java.nio.file.Files.createDirectories(templates.resolve("default/mail"));
            for (var f : files.toList()) {
                java.nio.file.Files.copy(f, mail.resolve(f.getFileName()));
            }
        }
        java.nio.file.Path own = java.nio.file.Files.createDirectories(templates.resolve("globex/mail"));
        java.nio.file.Files.writeString(own.resolve("cra-validation-request.fr.subject.txt"), "[Globex] CRA [(${month})]");
        java.nio.file.Files.writeString(own.resolve("cra-validation-request.fr.txt"), "[(${greeting})]\nMerci de valider : [(${link})]\n");
        java.nio.file.Files.writeString(own.resolve("cra-validation-request.fr.html"), "<p th:text=\"${greeting}\">x</p>");
        CraMailComposer withSets = new CraMailComposer(accounts(null), MailTemplateEngine.of(templates), CLOCK);
        CraMailStore.Facts f = facts(Kind.VALIDATION_REQUEST, "fr", "Claire Martin", "c@globex.example", XML.formatted(""));
        CraMailStore.Facts inGlobex = new CraMailStore.Facts(f.mailId(), f.craId(), f.kind(), f.recipientName(),
                f.recipientEmail(), f.tokenId(), f.messageId(), f.contract(), f.contractLabel(), f.month(), f.version(),
                f.deadline(), f.sentAt(), f.xml(), f.clientName(), f.language(), f.sellerName(), f.sellerEmail(),
                f.accountManagerName(), f.accountManagerEmail(), null, null, "globex", null);
        MimeMessage own1 = withSets.compose(content(inGlobex, null)).message();
        assertThat(own1.getSubject()).isEqualTo("[Globex] CRA novembre 2026");
        assertThat(own1.getHeader("X-Crahub-Template-Set")).containsExactly("globex");
        // the English one is not in the set: the default's
        CraMailStore.Facts english = new CraMailStore.Facts(f.mailId(), f.craId(), f.kind(), f.recipientName(),
                f.recipientEmail(), f.tokenId(), f.messageId(), f.contract(), f.contractLabel(), f.month(), f.version(),
                f.deadline(), f.sentAt(), f.xml(), f.clientName(), "en", f.sellerName(), f.sellerEmail(),
                f.accountManagerName(), f.accountManagerEmail(), null, null, "globex", null);
        MimeMessage fallback = withSets.compose(content(english, null)).message();
        assertThat(fallback.getSubject()).startsWith("Activity report to approve");
        assertThat(fallback.getHeader("X-Crahub-Template-Set")).containsExactly("default");
        // a broken template of the set: the mail fails for good, naming the file
        java.nio.file.Files.writeString(own.resolve("cra-validation-request.fr.html"), "<p th:text=\"${greeting\">x</p>");
        CraMailComposer fresh = new CraMailComposer(accounts(null), MailTemplateEngine.of(templates), CLOCK);
        assertThatThrownBy(() -> fresh.compose(content(inGlobex, null))).isInstanceOf(UnsendableMailException.class)
                .hasMessageContaining("cra-validation-request.fr.html");
    }
}
