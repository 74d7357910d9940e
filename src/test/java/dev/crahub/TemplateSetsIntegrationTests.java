package dev.crahub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.crahub.document.TemplateArchive;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Template sets end to end (months 2023-04..06, codes tpl-*): two contracts of one client, one naming an English set
 * with the time detail only, the other taking the client's French set with a logo, colours, wording and no annex;
 * invoices issued through the API, each PDF read back shows its set, each row records the set and its version, the
 * version's files are archived, and after the home's set is edited the PDF rendered again from the archive reads the
 * same. A set that does not exist, or a broken one, is refused by the referential, and a set broken after loading
 * stops the issue with its reason (no number taken).
 */
class TemplateSetsIntegrationTests extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;

    private static final String REFERENTIAL = """
            sellers:
              - code: tpl-seller
                name: Atelier Gabarit SARL
                legalForm: SARL
                shareCapital: 5000
                registration: RCS Lyon 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["3 place Bellecour"], postcode: "69002", city: Lyon, country: FR}
                email: factures@gabarit.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: TPL
            clients:
              - code: tpl-client
                name: Tréfilerie Modèle SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["8 rue des Forges"], postcode: "42000", city: Saint-Étienne, country: FR}
                language: fr
                templateSet: tpl-fr
                approvers: [{name: Paul Modèle, email: paul@trefilerie.example}]
                billing: {name: Comptabilité, email: compta@trefilerie.example}
            consultants:
              - code: tpl-jd
                name: Julie Durand
                trackers: [{source: tpl, user: tpl-jd}]
            contracts:
              - code: tpl-en-project
                seller: tpl-seller
                client: tpl-client
                label: Export platform
                templateSet: tpl-en
                consultants: [tpl-jd]
                dailyRate: 800.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                startDate: 2023-01-01
                trackers: [{source: tpl, project: TPL-EN}]
              - code: tpl-fr-project
                seller: tpl-seller
                client: tpl-client
                label: Audit qualité
                consultants: [tpl-jd]
                dailyRate: 700.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                startDate: 2023-01-01
                trackers: [{source: tpl, project: TPL-FR}]
            """;

    @Test
    @SuppressWarnings("unchecked")
    void eachContractsInvoiceFollowsItsTemplateSetAndCanBeRenderedAgainIdentically() throws Exception {
        Path templates = home.templates();
        Path en = Files.createDirectories(templates.resolve("tpl-en"));
        Files.writeString(en.resolve("template.yaml"), "language: en\nannexes: [time-detail]\n");
        Path fr = Files.createDirectories(templates.resolve("tpl-fr"));
        Files.write(fr.resolve("logo.png"), png(new Color(0x7A, 0x1F, 0x3D)));
        String frYaml = """
                language: fr
                annexes: []
                logo: logo.png
                colours: {accent: "#7A1F3D", header: "#F2C14E"}
                wording:
                  fr:
                    header: "Marché 2023-AQ-17, lot 2"
                    footer: "Atelier Gabarit, membre d'une association agréée"
                    payment: "Merci de rappeler le numéro de facture dans le libellé du virement."
                """;
        Files.writeString(fr.resolve("template.yaml"), frYaml);

        // a contract naming a set that does not exist, or a broken set, is refused at load, with the file and key
        Files.createDirectories(templates.resolve("tpl-broken"));
        Files.writeString(templates.resolve("tpl-broken/template.yaml"), "colours: {accent: blue}\n");
        ResponseEntity<Map> missing = loadReferential(REFERENTIAL.replace("templateSet: tpl-en", "templateSet: tpl-nowhere"));
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) missing.getBody().get("problems")).containsExactly("contracts[0].templateSet:"
                + " template set 'tpl-nowhere' cannot be used: templates/tpl-nowhere/: no such template set (a folder"
                + " templates/tpl-nowhere/ holding a template.yaml)");
        ResponseEntity<Map> broken = loadReferential(REFERENTIAL.replace("templateSet: tpl-fr", "templateSet: tpl-broken"));
        assertThat((List<String>) broken.getBody().get("problems")).singleElement().asString()
                .startsWith("clients[0].templateSet: template set 'tpl-broken' cannot be used: "
                        + "templates/tpl-broken/template.yaml: colours.accent: 'blue' is not a colour #RRGGBB");
        ResponseEntity<Map> escaping = loadReferential(REFERENTIAL.replace("templateSet: tpl-en", "templateSet: ../xsl"));
        assertThat((List<String>) escaping.getBody().get("problems")).singleElement().asString()
                .startsWith("contracts[0].templateSet: '../xsl' is not a template set name");
        assertThat(loadReferential(REFERENTIAL).getStatusCode()).isEqualTo(HttpStatus.OK);

        // May 2023: one day on each contract, approved, invoiced
        push(List.of(entry("tpl-2023-05-en", "TPL-EN", "2023-05-10", 8, "Export interface design"),
                entry("tpl-2023-05-fr", "TPL-FR", "2023-05-11", 4, "Revue des procédures qualité")));
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-05/cras", null, Map.class).getBody().get("cras");
        assertThat(cras).extracting(c -> c.get("contract")).containsExactlyInAnyOrder("tpl-en-project", "tpl-fr-project");
        for (Map<String, Object> cra : cras) {
            assertThat(approve(cra.get("id"), "signed CRA received")).containsEntry("status", "APPROVED");
        }
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-05/invoices", null, Map.class).getBody().get("invoices");
        assertThat(invoices).extracting(i -> i.get("status")).containsOnly("ISSUED");
        Map<String, Object> english = invoices.stream().filter(i -> "tpl-en-project".equals(i.get("contract"))).findFirst().orElseThrow();
        Map<String, Object> french = invoices.stream().filter(i -> "tpl-fr-project".equals(i.get("contract"))).findFirst().orElseThrow();

        // the English set: English labels, the time detail annex, no logo
        byte[] englishPdf = pdf(english.get("id"), false);
        List<String> englishPages = pages(englishPdf);
        assertThat(englishPages).hasSize(2);
        assertThat(englishPages.get(0)).contains("INVOICE", "No. " + english.get("number"), "Amount due",
                "Annex 1 – Time detail (enclosed).", "Export platform – Julie Durand – May 2023");
        assertThat(englishPages.get(1)).contains("Annex 1 – Time detail", "Export interface design");
        assertThat(imagesDrawn(englishPdf, 0)).isZero();

        // the client's French set: French labels, logo on page 1, wording, and no annex
        byte[] frenchPdf = pdf(french.get("id"), false);
        Files.createDirectories(Path.of("target/template-previews"));
        Files.write(Path.of("target/template-previews/it-en.pdf"), englishPdf);
        Files.write(Path.of("target/template-previews/it-fr.pdf"), frenchPdf);
        List<String> frenchPages = pages(frenchPdf);
        assertThat(frenchPages).hasSize(1);
        assertThat(frenchPages.get(0)).contains("FACTURE", "N° " + french.get("number"), "Net à payer",
                "Marché 2023-AQ-17, lot 2", "Atelier Gabarit, membre d'une association agréée",
                "Merci de rappeler le numéro de facture dans le libellé du virement.",
                "Audit qualité – Julie Durand – mai 2023").doesNotContain("Annexe 1", "Détail des temps", "Revue des procédures");
        assertThat(imagesDrawn(frenchPdf, 0)).isEqualTo(1);

        // each row records its set and version; the version names the archived files
        Map<String, Object> frRow = jdbc.sql("SELECT template_set, template_version FROM invoice WHERE id = :id")
                .param("id", ((Number) french.get("id")).longValue()).query().singleRow();
        Map<String, Object> enRow = jdbc.sql("SELECT template_set, template_version FROM invoice WHERE id = :id")
                .param("id", ((Number) english.get("id")).longValue()).query().singleRow();
        assertThat(frRow).containsEntry("template_set", "tpl-fr");
        assertThat(enRow).containsEntry("template_set", "tpl-en");
        String frVersion = (String) frRow.get("template_version");
        assertThat(frVersion).matches("[0-9a-f]{64}").isEqualTo(TemplateArchive.read("tpl-fr", fr, home.xsl()).version())
                .isNotEqualTo(enRow.get("template_version"));
        Path archived = home.archive("templates").resolve(frVersion);
        assertThat(archived.resolve("template/template.yaml")).hasContent(frYaml.strip());
        assertThat(archived.resolve("template/logo.png")).hasBinaryContent(Files.readAllBytes(fr.resolve("logo.png")));
        assertThat(archived.resolve("xsl/invoice-fo.xsl")).hasSameBinaryContentAs(home.xsl().resolve("invoice-fo.xsl"));
        assertThat(admin().getForObject("/api/invoices/" + french.get("id") + "/xml", String.class))
                .contains("<template name=\"tpl-fr\" version=\"" + frVersion + "\"");
        assertThat(admin().getForObject("/api/invoices/" + french.get("id") + "/template", Map.class))
                .containsEntry("templateSet", "tpl-fr").containsEntry("templateVersion", frVersion)
                .containsEntry("archived", true);
        // the row stays immutable, its template columns too
        assertThatThrownBy(() -> jdbc.sql("UPDATE invoice SET template_set = 'default' WHERE id = :id")
                .param("id", ((Number) french.get("id")).longValue()).update()).hasMessageContaining("immutable");

        // the mails speak the invoice's language (the English set's for a French client)
        awaitValidEInvoices("2023-05"); // the gate lets only VALID e-invoices leave
        List<Map<String, Object>> dispatched = (List<Map<String, Object>>) dispatchMonth("2023-05").get("dispatches");
        assertThat(dispatched).hasSize(2).allSatisfy(d -> assertThat(d).containsEntry("status", "SENT"));
        assertThat(mailSubject((String) english.get("number"))).startsWith("Invoice " + english.get("number"));
        assertThat(mailSubject((String) french.get("number"))).startsWith("Facture " + french.get("number"));

        // the home's set changes: the invoice is still rendered as issued, from the archive
        Files.writeString(fr.resolve("template.yaml"), frYaml.replace("lot 2", "lot 3").replace("#7A1F3D", "#0B5D1E")
                .replace("annexes: []", "annexes: [time-detail]"));
        Files.write(fr.resolve("logo.png"), png(Color.ORANGE));
        assertThat(TemplateArchive.read("tpl-fr", fr, home.xsl()).version()).isNotEqualTo(frVersion);
        byte[] again = pdf(french.get("id"), true);
        assertThat(pages(again)).isEqualTo(frenchPages);
        assertThat(imagesDrawn(again, 0)).isEqualTo(1);
        assertThat(pdf(french.get("id"), false)).as("the stored PDF is never replaced").isEqualTo(frenchPdf);
        assertThat(pages(pdf(english.get("id"), true))).isEqualTo(englishPages);

        // regenerating is for billing; ops may not
        assertThat(rest.withBasicAuth("billing", BILLING_PASSWORD).getForEntity("/api/invoices/" + french.get("id")
                + "/pdf?regenerate=true", byte[].class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/invoices/" + french.get("id")
                + "/pdf?regenerate=true", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // June 2023: the English set is broken after loading; its issue fails with the reason and takes no number
        Files.writeString(en.resolve("template.yaml"), "language: en\nannexes: [time-detail, receipts]\n");
        push(List.of(entry("tpl-2023-06-en", "TPL-EN", "2023-06-12", 8, "Export interface build"),
                entry("tpl-2023-06-fr", "TPL-FR", "2023-06-13", 8, "Audit des fournisseurs")));
        List<Map<String, Object>> june = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-06/cras", null, Map.class).getBody().get("cras");
        for (Map<String, Object> cra : june) {
            approve(cra.get("id"), "signed CRA received");
        }
        List<Map<String, Object>> juneInvoices = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-06/invoices", null, Map.class).getBody().get("invoices");
        assertThat(juneInvoices).hasSize(2);
        Map<String, Object> failed = juneInvoices.stream().filter(i -> "FAILED".equals(i.get("status"))).findFirst().orElseThrow();
        assertThat((String) failed.get("error")).contains("Template set 'tpl-en' cannot be used",
                "templates/tpl-en/template.yaml: annexes[1]: 'receipts' is not an annex");
        Map<String, Object> issued = juneInvoices.stream().filter(i -> "ISSUED".equals(i.get("status"))).findFirst().orElseThrow();
        assertThat(sequence((String) issued.get("number"))).as("gapless: the failed issue gave its number back")
                .isEqualTo(Math.max(sequence((String) french.get("number")), sequence((String) english.get("number"))) + 1);

        // the set repaired, the failed issue replayed from the dead letters: issued with the next number
        Files.writeString(en.resolve("template.yaml"), "language: en\nannexes: [time-detail]\n");
        TestRestTemplate ops = rest.withBasicAuth("ops", OPS_PASSWORD);
        List<Map<String, Object>> letters = ops.getForObject("/api/dead-letters", List.class);
        Map<String, Object> letter = letters.stream().filter(d -> String.valueOf(d.get("error")).contains("'tpl-en'"))
                .findFirst().orElseThrow();
        assertThat(ops.postForEntity("/api/dead-letters/" + letter.get("id") + "/replay", null, Map.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat((List<Map<String, Object>>) ops.getForObject("/api/dead-letters", List.class))
                .noneMatch(d -> d.get("id").equals(letter.get("id")));
        List<Map<String, Object>> juneIssued = admin().getForObject("/api/invoices?month=2023-06", List.class);
        assertThat(juneIssued).hasSize(2).extracting(i -> sequence((String) i.get("number")))
                .containsExactlyInAnyOrder(sequence((String) issued.get("number")), sequence((String) issued.get("number")) + 1);
    }

    private String mailSubject(String number) throws Exception {
        try (var in = Files.newInputStream(home.outbox("mail").resolve(number + ".eml"))) {
            return new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in)
                    .getSubject();
        }
    }

    private ResponseEntity<Map> loadReferential(String yaml) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        return admin().postForEntity("/api/referential", new HttpEntity<>(yaml, headers), Map.class);
    }

    private static Map<String, Object> entry(String id, String project, String date, double hours, String comment) {
        return Map.of("id", id, "user", Map.of("id", "tpl-jd"), "project", project, "date", date, "hours", hours,
                "comment", comment);
    }

    private void push(List<Map<String, Object>> entries) {
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "tpl", "entries", entries),
                Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(pushed.getBody()).containsEntry("unmapped", 0);
    }

    private byte[] pdf(Object invoiceId, boolean regenerate) {
        ResponseEntity<byte[]> answer = admin().getForEntity("/api/invoices/" + invoiceId + "/pdf"
                + (regenerate ? "?regenerate=true" : ""), byte[].class);
        assertThat(answer.getStatusCode()).as(() -> new String(answer.getBody(), StandardCharsets.UTF_8))
                .isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private static int sequence(String number) {
        return Integer.parseInt(number.substring(number.lastIndexOf('-') + 1));
    }

    private static List<String> pages(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> pages = new ArrayList<>();
            for (int i = 1; i <= document.getNumberOfPages(); i++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                pages.add(stripper.getText(document).replace('\u00A0', ' ').replace('\u202F', ' ').replaceAll("\\s+", " "));
            }
            return pages;
        }
    }

    /** How many images a page draws. */
    private static int imagesDrawn(byte[] pdf, int pageIndex) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(pageIndex);
            int[] count = {0};
            PDFStreamEngine engine = new PDFStreamEngine() {
                {
                    addOperator(new OperatorProcessor(this) {
                        @Override
                        public void process(Operator operator, List<COSBase> operands) throws IOException {
                            if (operands.get(0) instanceof COSName name
                                    && getContext().getResources().getXObject(name) instanceof PDImageXObject) {
                                count[0]++;
                            }
                        }

                        @Override
                        public String getName() {
                            return "Do";
                        }
                    });
                }
            };
            engine.processPage(page);
            return count[0];
        }
    }

    private static byte[] png(Color colour) throws IOException {
        BufferedImage image = new BufferedImage(240, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 240, 80);
        g.setColor(colour);
        g.fillOval(10, 10, 60, 60);
        g.fillRect(80, 30, 150, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
