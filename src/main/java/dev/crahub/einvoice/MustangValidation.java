package dev.crahub.einvoice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.crahub.einvoice.ValidationMessage.Severity;
import dev.crahub.system.SecureXml;
import org.mustangproject.validator.ZUGFeRDValidator;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Mustang's validator: veraPDF for PDF/A-3 and the Factur-X structure, the CII schema, the EN 16931 schematron and the
 * official French rules (BR-FR Flux 2 schematron v1.3.0, bundled by Mustang). Its overall status hides PDF/A failures
 * (since 2.19 they only downgrade to warnings) and it reports the French rules as warnings, so this class reads the
 * report's own parts: the PDF part and the XML part must each say {@code valid}, and a BR-FR message is an error.
 * XRechnung notices (BR-DE, German rules) are not kept. A validator per call (it keeps per-document state).
 */
@Component
public class MustangValidation {

    static final String PDF = "mustang-pdf";
    static final String XML = "mustang-xml";
    private static final Pattern RULE = Pattern.compile("\\[ID ([^\\]\\s]+)\\]");

    /** What Mustang said of one document: its two sub-statuses and its messages. */
    public record Report(boolean pdfValid, boolean xmlValid, List<ValidationMessage> messages) {

        public boolean valid() {
            return pdfValid && xmlValid && messages.stream().noneMatch(ValidationMessage::isError);
        }
    }

    /** Full validation of a Factur-X: PDF/A-3 and Factur-X structure (veraPDF), then its embedded XML. */
    public Report facturX(byte[] pdf, String fileName) {
        return report(new ZUGFeRDValidator().validate(pdf, fileName.endsWith(".pdf") ? fileName : fileName + ".pdf"), true);
    }

    /** Validation of a CII alone: schema, EN 16931, French rules. */
    public Report cii(byte[] cii, String fileName) {
        return report(new ZUGFeRDValidator().validate(cii, fileName.endsWith(".xml") ? fileName : fileName + ".xml"), false);
    }

    static Report report(String reportXml, boolean pdfExpected) {
        Document report = SecureXml.parse(reportXml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Element root = report.getDocumentElement();
        Element pdf = child(root, "pdf");
        Element xml = child(root, "xml");
        List<ValidationMessage> messages = new ArrayList<>();
        if (pdf != null) {
            collect(pdf, PDF, messages);
        }
        if (xml != null) {
            collect(xml, XML, messages);
        }
        Element overall = child(root, "messages");
        if (overall != null) {
            collect(overall, XML, messages);
        }
        boolean pdfValid = !pdfExpected || (pdf != null && "valid".equals(status(pdf)));
        boolean xmlValid = xml != null && "valid".equals(status(xml));
        if (pdfExpected && !pdfValid && messages.stream().noneMatch(m -> m.validator().equals(PDF) && m.isError())) {
            messages.add(new ValidationMessage(PDF, Severity.ERROR, "PDF/A", null,
                    "Mustang's PDF part is not valid" + (pdf == null ? " (missing from its report)" : "")));
        }
        if (!xmlValid && messages.stream().noneMatch(m -> m.validator().equals(XML) && m.isError())) {
            messages.add(new ValidationMessage(XML, Severity.ERROR, "XML", null,
                    "Mustang's XML part is not valid" + (xml == null ? " (missing from its report)" : "")));
        }
        return new Report(pdfValid, xmlValid, List.copyOf(messages));
    }

    private static void collect(Element part, String validator, List<ValidationMessage> into) {
        NodeList all = part.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            Severity severity = switch (e.getTagName()) {
                case "error" -> Severity.ERROR;
                case "warning" -> Severity.WARNING;
                default -> null;
            };
            if (severity == null) {
                continue;
            }
            String text = e.getTextContent().trim();
            Matcher m = RULE.matcher(text);
            String rule = m.find() ? m.group(1) : e.getAttribute("type");
            if (rule.startsWith("BR-DE")) {
                continue; // German XRechnung rules: not ours
            }
            if (rule.startsWith("BR-FR")) {
                severity = Severity.ERROR; // the French rules are errors for a French invoice
            }
            String location = e.getAttribute("location");
            into.add(new ValidationMessage(validator, severity, rule, location.isEmpty() ? null : shorten(location), text));
        }
    }

    /** {@code /*:CrossIndustryInvoice[namespace-uri()='...'][1]/*:...} -> {@code /CrossIndustryInvoice[1]/...} */
    private static String shorten(String location) {
        return location.replaceAll("\\*:", "").replaceAll("\\[namespace-uri\\(\\)='[^']*'\\]", "");
    }

    private static String status(Element part) {
        Element summary = child(part, "summary");
        return summary == null ? null : summary.getAttribute("status");
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
