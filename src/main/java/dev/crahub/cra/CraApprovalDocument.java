package dev.crahub.cra;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.system.SecureXml;
import dev.crahub.system.XmlBuilder;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The decided CRA: the exact document the approver saw, with its status, {@code approvedAt}/{@code approvedBy} and
 * an {@code approval} element (who, when, how, the per-day verdicts and the fingerprint of what was seen) filled
 * in, so that the PDF the client and the accountant keep says who approved it. The version the approver saw is never
 * changed: this is a second document beside it. Nothing else of the document is touched (quantities, sessions).
 */
@Component
public class CraApprovalDocument {

    /** A decided rendering to make: the CRA and its decided XML (validated). */
    public record Decided(long craId, byte[] xml) {
    }

    private final CraDocumentStore documents;
    private final CraDecisions decisions;
    private final XmlSchemaValidator validator;
    private final ZoneId zone;

    public CraApprovalDocument(CraDocumentStore documents, CraDecisions decisions, XmlSchemaValidator validator,
                               Clock clock) {
        this.documents = documents;
        this.decisions = decisions;
        this.validator = validator;
        this.zone = clock.getZone();
    }

    /**
     * The decided XML of a CRA whose decided rendering is missing, or null when there is nothing to do (not decided,
     * or already rendered). Locks the CRA for the caller's transaction.
     */
    public Decided prepare(long craId) {
        return documents.seenXmlToRender(craId)
                .map(seen -> new Decided(craId, decided(seen, decisions.find(craId).orElseThrow(
                        () -> new IllegalStateException("CRA " + craId + " has no decision")), zone, validator)))
                .orElse(null);
    }

    /**
     * The decided document from the XML the approver saw and the decision recorded (times written in {@code zone}),
     * validated against the schema.
     */
    public static byte[] decided(String seenXml, CraDecisions.Recorded decision, ZoneId zone, XmlSchemaValidator validator) {
        Document doc = SecureXml.parse(seenXml.getBytes(StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        if (!CraXmlWriter.NAMESPACE.equals(root.getNamespaceURI()) || !"cra".equals(root.getLocalName())) {
            throw new IllegalArgumentException("CRA " + decision.craId() + ": the stored document is not a canonical CRA");
        }
        Element approval = approval(decision, zone);
        child(root, "status").setTextContent(decision.outcome().name());
        for (String stale : new String[] {"approvedAt", "approvedBy", "approval"}) {
            Element old = child(root, stale);
            if (old != null) {
                root.removeChild(old);
            }
        }
        if (decision.outcome() == CraDecisions.Outcome.APPROVED) {
            Node seller = child(root, "seller");
            Element at = doc.createElementNS(CraXmlWriter.NAMESPACE, "approvedAt");
            at.setTextContent(child(approval, "decidedAt").getTextContent());
            root.insertBefore(at, seller);
            root.insertBefore(doc.createTextNode("\n  "), seller);
            String by = decision.approverName() == null || decision.approverName().isBlank()
                    ? decision.approverEmail() : decision.approverName();
            if (by != null) {
                Element approvedBy = doc.createElementNS(CraXmlWriter.NAMESPACE, "approvedBy");
                approvedBy.setTextContent(by);
                root.insertBefore(approvedBy, seller);
                root.insertBefore(doc.createTextNode("\n  "), seller);
            }
        }
        Node last = root.getLastChild();
        root.insertBefore(doc.createTextNode("\n  "), last);
        root.insertBefore(doc.importNode(approval, true), last);
        byte[] xml = serialize(doc);
        validator.validate(xml, CraAssembler.SCHEMA);
        return xml;
    }

    /** The approval element, written by the canonical writer (which refuses characters XML cannot carry). */
    private static Element approval(CraDecisions.Recorded decision, ZoneId zone) {
        XmlBuilder x = new XmlBuilder(CraXmlWriter.NAMESPACE);
        CraXmlWriter.writeApproval(x, decision, zone);
        Element approval = SecureXml.parse(x.toBytes()).getDocumentElement();
        // indent it one level, as it sits under the root
        for (Node n = approval.getFirstChild(); n != null; n = n.getNextSibling()) {
            indent(n);
        }
        return approval;
    }

    private static void indent(Node node) {
        if (node.getNodeType() == Node.TEXT_NODE && node.getTextContent().isBlank()) {
            node.setTextContent(node.getTextContent() + "  ");
        }
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            indent(n);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && CraXmlWriter.NAMESPACE.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static byte[] serialize(Document doc) {
        try {
            // the JDK's own serializer, whatever XSLT engine the classpath brings
            Transformer t = TransformerFactory.newDefaultInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the decided CRA document", e);
        }
    }
}
