package dev.crahub.delivery;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.crahub.HubTestSupport;
import dev.crahub.delivery.mail.MailFormats;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mails as the client receives them (ADR 0025), over SMTP (GreenMail): the CRA validation requests and the month's
 * invoices and a credit note, each from the home's templates in the client's language, with the right set, greeting,
 * amounts as on the PDF, attachments (Factur-X, the annex alone and the approved CRA when the set says so, the
 * contract's purchase order), the personal message of the send; a mail over {@code crahub.mail.max-size} fails for
 * good naming its attachments; the preview renders the same mail without any side effect, for billing only.
 * Month 2021-07, codes prefixed tp-.
 */
class MailTemplatesIntegrationTests extends HubTestSupport {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("crahub.cra.mail-poll", () -> 300);
        registry.add("crahub.public-base-url", () -> "https://hub.tp.example");
        registry.add("crahub.mail.max-size", () -> "1MB");
    }

    static boolean loaded;
    static Map<String, Map<String, Object>> invoices;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChannelDispatcher channelDispatcher;
    @Autowired
    DispatchStore dispatches;

    static final String REFERENTIAL = """
            sellers:
              - code: tp-acme
                name: ACME Gabarits SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@tp-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: TPM
            clients:
              - code: tp-globex
                name: Globex Modèles SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["52 quai de Dion-Bouton"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Paul Durand, email: paul.durand@tp-globex.example}
                billing: {name: Claire Martin, email: claire.martin@tp-globex.example, cc: [compta@tp-globex.example]}
              - code: tp-initech
                name: Initech Templates Ltd
                address: {lines: ["1 Initech Way"], postcode: "SW1A 1AA", city: London, country: GB}
                language: en
                approver: {name: Peter Gibbons, email: peter.gibbons@tp-initech.example}
                billing: {name: Accounts Payable, email: ap@tp-initech.example}
              - code: tp-bulky
                name: Bulky Docs SARL
                siren: "987654324"
                address: {lines: ["3 rue du Poids"], postcode: "69002", city: Lyon, country: FR}
                language: fr
                approver: {name: Marc Lourd, email: marc@tp-bulky.example}
                billing: {name: Service comptabilité fournisseurs, email: factures@tp-bulky.example}
            consultants:
              - {code: tp-jdupont, name: Jean Dupont}
            contracts:
              - code: tp-globex-run
                seller: tp-acme
                client: tp-globex
                label: Refonte du portail
                templateSet: tp-annexes
                poNumber: PO-TP-4521
                consultants: [tp-jdupont]
                dailyRate: 650.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: generic, project: TP-GLOBEX}]
              - code: tp-initech-app
                seller: tp-acme
                client: tp-initech
                label: TPS reports
                consultants: [tp-jdupont]
                dailyRate: 700.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: EXPORT
                vatRate: 0
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: generic, project: TP-INITECH}]
              - code: tp-bulky-run
                seller: tp-acme
                client: tp-bulky
                label: Archives
                consultants: [tp-jdupont]
                dailyRate: 500.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: generic, project: TP-BULKY}]
            """;

    static final String TIMESHEET = """
            consultant,date,hours,project,comment
            tp-jdupont,2021-07-01,8,TP-GLOBEX,Cadrage
            tp-jdupont,2021-07-02,8,TP-GLOBEX,Développement
            tp-jdupont,2021-07-05,8,TP-INITECH,TPS cover sheets
            tp-jdupont,2021-07-06,8,TP-BULKY,Archivage
            """;

    /** A small PDF as the hub checks it: magic bytes and trailer (padded to a size). */
    static byte[] pdf(int size) {
        String head = "%PDF-1.4\n1 0 obj <<>> endobj\n%";
        String tail = "\ntrailer <<>>\n%%EOF\n";
        return (head + "x".repeat(Math.max(0, size - head.length() - tail.length())) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void month() throws Exception {
        if (loaded) {
            return;
        }
        Path set = Files.createDirectories(home.templates().resolve("tp-annexes"));
        Files.writeString(set.resolve("template.yaml"), "mail:\n  attachments: [annexes-separately, cra]\n");
        drop("referential", "tp-referential.yaml", REFERENTIAL);
        awaitDone("referential", "tp-referential.yaml");
        drop("timesheets", "tp-2021-07.csv", TIMESHEET);
        awaitDone("timesheets", "tp-2021-07.csv");
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2021-07/cras", null, Map.class).get("cras");
        assertThat(cras).hasSize(3);
        // built, hence sent to the approvers: the validation requests leave through the CRA mail routes
        await().atMost(Duration.ofSeconds(30)).until(() -> mails("X-Crahub-Mail-Kind", "VALIDATION_REQUEST").size() == 3);
        cras.forEach(c -> approve(c.get("id"), "signed CRA received"));
        List<Map<String, Object>> issued = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2021-07/invoices", null, Map.class).get("invoices");
        assertThat(issued).hasSize(3).allSatisfy(i -> assertThat(i).containsEntry("status", "ISSUED"));
        awaitValidEInvoices("2021-07");
        List<Map<String, Object>> listed = admin().getForObject("/api/invoices?month=2021-07", List.class);
        invoices = new java.util.HashMap<>();
        listed.forEach(i -> invoices.put((String) i.get("client"), i));
        loaded = true;
    }

    @Test
    void theCraValidationRequestsSpeakTheApproversLanguageWithThePdfsDates() throws Exception {
        MimeMessage fr = mails("X-Crahub-Mail-Kind", "VALIDATION_REQUEST").stream()
                .filter(m -> to(m).equals("paul.durand@tp-globex.example")).findFirst().orElseThrow();
        assertThat(fr.getSubject()).isEqualTo("CRA à valider – Refonte du portail – juillet 2021 (version 1)");
        assertThat(fr.getHeader("X-Crahub-Template-Set")).containsExactly("default");
        String text = text(fr, "text/plain");
        String deadline = jdbc.sql("SELECT validation_deadline FROM cra WHERE contract_code = 'tp-globex-run'")
                .query(LocalDate.class).single().toString();
        assertThat(text).startsWith("Bonjour Paul Durand,\n\nLe compte rendu d'activité (CRA) de juillet 2021")
                .contains("avant le " + MailFormats.date(LocalDate.parse(deadline), "fr"), "https://hub.tp.example/",
                        "- Jean Dupont : 2 jours, 16 heures");
        assertThat(text(fr, "text/html")).contains("<html lang=\"fr\">", "<td>Jean Dupont</td>", "href=\"https://hub.tp.example/");
        assertThat(attachments(fr)).extracting(Part::getFileName).containsExactly("CRA-tp-globex-run-2021-07-v1.pdf");
        writeForReview("cra-validation-request-fr", fr);

        MimeMessage en = mails("X-Crahub-Mail-Kind", "VALIDATION_REQUEST").stream()
                .filter(m -> to(m).equals("peter.gibbons@tp-initech.example")).findFirst().orElseThrow();
        assertThat(en.getSubject()).isEqualTo("Activity report to approve – TPS reports – July 2021 (version 1)");
        assertThat(text(en, "text/plain")).startsWith("Dear Peter Gibbons,").contains("- Jean Dupont: 1 day, 8 hours");
        writeForReview("cra-validation-request-en", en);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMonthsMailsCarryTemplateSetAttachmentsPersonalMessageAndTheirOwnWording() throws Exception {
        Map<String, Object> globex = invoices.get("tp-globex");
        Map<String, Object> initech = invoices.get("tp-initech");
        Map<String, Object> bulky = invoices.get("tp-bulky");

        // the purchase order of the Globex contract, the big quote of the Bulky one (over the mail's limit with the rest)
        assertThat(upload("tp-globex-run", "PURCHASE_ORDER", "bon de commande 4521.pdf", pdf(2000)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(upload("tp-bulky-run", "QUOTE", "devis.pdf", pdf(900_000)).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        // the dispatches planned, a personal message on Globex's, then the month dispatched
        channelDispatcher.plan("2021-07");
        long globexDispatch = dispatches.dispatches(id(globex)).get(0).id();
        dispatches.personalMessage(globexDispatch, "Bonjour Claire, comme convenu :\r\nla facture <b>corrigée</b> & le bon de commande.");
        dispatchMonth("2021-07");
        await().atMost(Duration.ofSeconds(30)).until(() -> invoiceMail(number(globex)) != null && invoiceMail(number(initech)) != null);

        // Globex, fr: to the billing person with the cc, greeting by name, the message first, amounts and dates as on the PDF
        MimeMessage g = invoiceMail(number(globex));
        assertThat(g.getSubject()).isEqualTo("Facture " + number(globex) + " – ACME Gabarits SAS – juillet 2021");
        assertThat(((InternetAddress) g.getFrom()[0]).getAddress()).isEqualTo("facturation@tp-acme.example");
        assertThat(((InternetAddress) g.getRecipients(Message.RecipientType.TO)[0]).getAddress()).isEqualTo("claire.martin@tp-globex.example");
        assertThat(Arrays.stream(g.getRecipients(Message.RecipientType.CC)).map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("compta@tp-globex.example");
        assertThat(g.getHeader("X-Crahub-Template-Set")).containsExactly("default");
        String text = text(g, "text/plain");
        String gross = MailFormats.amount(new BigDecimal(globex.get("totalGross").toString()), "EUR", "fr");
        assertThat(gross).isEqualTo("1\u00a0560,00\u00a0€");
        assertThat(text).startsWith("Bonjour Claire Martin,\n\nBonjour Claire, comme convenu :\nla facture <b>corrigée</b> & le bon de commande.\n\nVeuillez trouver ci-joint notre facture n° " + number(globex))
                .contains(gross + " TTC", "1\u00a0300,00\u00a0€ HT", "juillet 2021", "Votre bon de commande : PO-TP-4521",
                        "Échéance : " + MailFormats.date(LocalDate.parse(globex.get("dueDate").toString()), "fr"),
                        "IBAN FR76 3000 6000 0112 3456 7890 189");
        String html = text(g, "text/html");
        assertThat(html).contains("comme convenu :<br>la facture &lt;b&gt;corrigée&lt;/b&gt; &amp; le bon de commande.", gross)
                .doesNotContain("<b>corrigée</b>");
        assertThat(attachments(g)).extracting(Part::getFileName).containsExactly(number(globex) + ".pdf",
                number(globex) + "-detail-des-temps.pdf", "CRA-tp-globex-run-2021-07.pdf", "bon de commande 4521.pdf");
        writeForReview("invoice-fr", g);
        for (Part p : attachments(g)) {
            assertThat(new String(p.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        }

        // Initech, en: a department greeted neutrally, amounts in the English PDF's format, only the Factur-X
        MimeMessage i = invoiceMail(number(initech));
        assertThat(i.getSubject()).isEqualTo("Invoice " + number(initech) + " – ACME Gabarits SAS – July 2021");
        assertThat(text(i, "text/plain")).startsWith("Hello,\n\nPlease find attached our invoice no. " + number(initech))
                .contains("€700.00 including VAT", "July 2021");
        assertThat(attachments(i)).extracting(Part::getFileName).containsExactly(number(initech) + ".pdf");
        writeForReview("invoice-en", i);

        // Bulky: over crahub.mail.max-size (1 MB) with its quote: failed for good, saying which attachments weigh what
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.dispatches(id(bulky)).get(0).status() == DispatchStatus.FAILED);
        assertThat(dispatches.attempts(id(bulky))).last().satisfies(a -> assertThat(a.message())
                .contains("more than crahub.mail.max-size (1,024 KB)", number(bulky) + ".pdf (", "devis.pdf (879 KB)"));
        assertThat(invoiceMail(number(bulky))).isNull();

        // a credit note of Globex's invoice: its own wording, the invoice it corrects
        ResponseEntity<Map> note = admin().postForEntity("/api/invoices/" + id(globex) + "/credit-note", null, Map.class);
        assertThat(note.getStatusCode()).as(String.valueOf(note.getBody())).isEqualTo(HttpStatus.OK);
        awaitValidEInvoice(id(note.getBody()));
        dispatchMonth("2021-07");
        await().atMost(Duration.ofSeconds(30)).until(() -> invoiceMail(number(note.getBody())) != null);
        MimeMessage c = invoiceMail(number(note.getBody()));
        assertThat(c.getSubject()).isEqualTo("Avoir " + number(note.getBody()) + " – ACME Gabarits SAS – facture " + number(globex));
        assertThat(text(c, "text/plain")).contains("notre avoir n° " + number(note.getBody()),
                "Il corrige notre facture n° " + number(globex) + " du " + MailFormats.date(LocalDate.parse(globex.get("issueDate").toString()), "fr"))
                .doesNotContain("notre facture n° " + number(note.getBody()), "Échéance");
        writeForReview("credit-note-fr", c);
        assertThat(attachments(c)).extracting(Part::getFileName).startsWith(number(note.getBody()) + ".pdf")
                .contains("bon de commande 4521.pdf");
        // each mail once
        assertThat(mails("X-Crahub-Invoice", number(globex))).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePreviewRendersWithoutSideEffectsForBillingOnly() throws Exception {
        Map<String, Object> globex = invoices.get("tp-globex");
        long messagesBefore = count("mail_message");
        long dispatchesBefore = count("dispatch");
        long craMailsBefore = count("cra_mail");
        int receivedBefore = smtp.getReceivedMessages().length;

        ResponseEntity<Map> ok = billing().getForEntity("/api/mails/preview?template=invoice&invoice=" + id(globex)
                + "&message={m}", Map.class, "Ligne 1\nLigne <2>");
        assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> p = ok.getBody();
        assertThat((String) p.get("subject")).isEqualTo("Facture " + number(globex) + " – ACME Gabarits SAS – juillet 2021");
        assertThat((List<String>) p.get("to")).containsExactly("claire.martin@tp-globex.example");
        assertThat((List<String>) p.get("cc")).containsExactly("compta@tp-globex.example");
        assertThat((List<String>) p.get("from")).singleElement().asString().contains("facturation@tp-acme.example");
        assertThat((String) p.get("text")).startsWith("Bonjour Claire Martin,\n\nLigne 1\nLigne <2>\n\n");
        assertThat((String) p.get("html")).contains("Ligne 1<br>Ligne &lt;2&gt;");
        assertThat((List<Map<String, Object>>) p.get("attachments")).extracting(a -> a.get("name")).startsWith(number(globex) + ".pdf");
        assertThat((List<Map<String, Object>>) p.get("attachments")).allSatisfy(a -> assertThat(a)
                .containsEntry("type", "application/pdf").satisfies(x -> assertThat(((Number) x.get("size")).intValue()).isPositive()));

        ResponseEntity<Map> en = billing().getForEntity("/api/mails/preview?template=invoice&invoice=" + id(globex)
                + "&language=en", Map.class);
        assertThat((String) en.getBody().get("text")).startsWith("Dear Claire Martin,");

        long cra = jdbc.sql("SELECT id FROM cra WHERE contract_code = 'tp-initech-app'").query(Long.class).single();
        ResponseEntity<Map> request = billing().getForEntity("/api/mails/preview?template=cra-validation-request&cra=" + cra, Map.class);
        assertThat(request.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((String) request.getBody().get("subject")).startsWith("Activity report to approve – TPS reports");
        assertThat((String) request.getBody().get("text")).contains("/validation/(personal-link-of-the-approver)");
        assertThat(billing().getForEntity("/api/mails/preview?template=cra-decided-notice&cra=" + cra, Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        // nothing recorded, nothing sent
        assertThat(count("mail_message")).isEqualTo(messagesBefore);
        assertThat(count("dispatch")).isEqualTo(dispatchesBefore);
        assertThat(count("cra_mail")).isEqualTo(craMailsBefore);
        assertThat(smtp.getReceivedMessages()).hasSize(receivedBefore);

        // errors: a template that does not fit, an unknown one, a path, no such document, both documents
        assertProblem(billing().getForEntity("/api/mails/preview?template=credit-note&invoice=" + id(globex), String.class),
                HttpStatus.UNPROCESSABLE_ENTITY, "does not fit");
        assertProblem(billing().getForEntity("/api/mails/preview?template=invoice&cra=" + cra, String.class),
                HttpStatus.UNPROCESSABLE_ENTITY, "a CRA takes one of the cra-* templates");
        assertProblem(billing().getForEntity("/api/mails/preview?template=cra-reminder&invoice=" + id(globex), String.class),
                HttpStatus.UNPROCESSABLE_ENTITY, "does not fit");
        assertProblem(billing().getForEntity("/api/mails/preview?template={t}&invoice=" + id(globex), String.class,
                "../../etc/passwd"), HttpStatus.BAD_REQUEST, "is not a mail kind");
        assertProblem(billing().getForEntity("/api/mails/preview?template=invoice&invoice=999999999", String.class),
                HttpStatus.NOT_FOUND, "no invoice");
        assertProblem(billing().getForEntity("/api/mails/preview?template=cra-reminder&cra=999999999", String.class),
                HttpStatus.NOT_FOUND, "no CRA");
        assertProblem(billing().getForEntity("/api/mails/preview?template=invoice&invoice=1&cra=1", String.class),
                HttpStatus.BAD_REQUEST, "exactly one");
        assertProblem(billing().getForEntity("/api/mails/preview?template=invoice&invoice=" + id(globex) + "&language=de",
                String.class), HttpStatus.BAD_REQUEST, "fr or en");

        // roles: ops may not, an outsider is not let in
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/mails/preview?template=invoice&invoice="
                + id(globex), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.getForEntity("/api/mails/preview?template=invoice&invoice=" + id(globex), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("billing", "wrong").getForEntity("/api/mails/preview?template=invoice&invoice="
                + id(globex), String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void contractDocumentsAreCheckedAndWriteOnce() {
        assertProblem(upload("tp-initech-app", "QUOTE", "quote.pdf", "MZ not a pdf at all, just bytes".getBytes()),
                HttpStatus.UNPROCESSABLE_ENTITY, "not a PDF");
        assertProblem(upload("tp-initech-app", "INVOICE", "quote.pdf", pdf(100)), HttpStatus.BAD_REQUEST, "QUOTE or PURCHASE_ORDER");
        assertProblem(upload("tp-nowhere", "QUOTE", "quote.pdf", pdf(100)), HttpStatus.NOT_FOUND, "no contract");
        assertProblem(upload("tp-initech-app", "QUOTE", "q.pdf", pdf(6 * 1024 * 1024)), HttpStatus.UNPROCESSABLE_ENTITY, "at most");
        ResponseEntity<Map> stored = upload("tp-initech-app", "QUOTE", "../../etc/passwd.pdf", pdf(300));
        assertThat(stored.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(stored.getBody()).containsEntry("fileName", "passwd.pdf").containsEntry("kind", "QUOTE")
                .containsEntry("uploadedBy", "billing").containsKey("sha256");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/contracts/tp-initech-app/documents",
                new HttpEntity<>(form("QUOTE", "q.pdf", pdf(300)), headers), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("UPDATE contract_document SET kind = 'QUOTE'").update())
                .hasMessageContaining("write-once");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("DELETE FROM contract_document").update())
                .hasMessageContaining("write-once");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The mail as an .eml under target/mail-review/, to be read (and its HTML looked at) by a person. */
    static void writeForReview(String name, MimeMessage m) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "mail-review"));
        try (var out = Files.newOutputStream(dir.resolve(name + ".eml"))) {
            m.writeTo(out);
        }
    }

    private org.springframework.boot.test.web.client.TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    private static void assertProblem(ResponseEntity<?> answer, HttpStatus status, String detail) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(status);
        assertThat(String.valueOf(answer.getBody())).contains(detail);
    }

    private MultiValueMap<String, Object> form(String kind, String name, byte[] content) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("kind", kind);
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        return form;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private ResponseEntity<Map> upload(String contract, String kind, String name, byte[] content) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return billing().postForEntity("/api/contracts/" + contract + "/documents",
                new HttpEntity<>(form(kind, name, content), headers), Map.class);
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static long id(Map<String, Object> invoice) {
        return ((Number) invoice.get("id")).longValue();
    }

    private static String number(Map<String, Object> invoice) {
        return (String) invoice.get("number");
    }

    private static String to(MimeMessage m) {
        try {
            return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The received mails carrying a header value (read back from their bytes, as a client would). */
    static List<MimeMessage> mails(String header, String value) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String[] h = m.getHeader(header);
            if (h != null && h[0].equals(value)) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                m.writeTo(out);
                found.add(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(out.toByteArray())));
            }
        }
        // one per recipient of the SMTP envelope: keep one per Message-ID
        List<MimeMessage> unique = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (MimeMessage m : found) {
            if (!ids.contains(m.getMessageID())) {
                ids.add(m.getMessageID());
                unique.add(m);
            }
        }
        return unique;
    }

    static MimeMessage invoiceMail(String number) throws Exception {
        List<MimeMessage> found = mails("X-Crahub-Invoice", number);
        return found.isEmpty() ? null : found.get(0);
    }

    static String text(Part part, String type) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i), type);
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
        return part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                ? ((String) part.getContent()).replace("\r\n", "\n") : null;
    }

    static List<Part> attachments(Part part) throws Exception {
        List<Part> found = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                found.addAll(attachments(mp.getBodyPart(i)));
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            found.add(part);
        }
        return found;
    }
}
