package dev.crahub.einvoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import dev.crahub.document.PdfRenderer;
import dev.crahub.document.XslTransformer;
import org.w3c.dom.Document;

/** The stylesheets, renderer and XML helpers of the e-invoice tests (no Spring): the real xsl/ tree. */
final class EInvoiceTestSupport {

    static final Path XSL = Path.of("xsl");
    static final XslTransformer TRANSFORMER = new XslTransformer(XSL);
    static final PdfRenderer RENDERER = new PdfRenderer(XSL);
    static final EInvoiceFormats FORMATS = new EInvoiceFormats(TRANSFORMER);

    private static final Map<String, String> NAMESPACES = Map.of(
            "rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
            "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
            "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
            "qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
            "inv", "urn:crahub:invoice:1");

    private EInvoiceTestSupport() {
    }

    static byte[] resource(String path) {
        try (InputStream in = EInvoiceTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PDF/A-3b of a canonical invoice, as the hub renders it (home stylesheets, no template set). */
    static byte[] pdfA(byte[] canonical) {
        return RENDERER.renderPdfA(TRANSFORMER.transform("invoice-fo.xsl", canonical));
    }

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse XML", e);
        }
    }

    static String xpath(byte[] xml, String expression) {
        return xpath(parse(xml), expression);
    }

    static String xpath(Document doc, String expression) {
        try {
            return (String) newXPath().evaluate(expression, doc, XPathConstants.STRING);
        } catch (Exception e) {
            throw new IllegalStateException(expression, e);
        }
    }

    static double count(byte[] xml, String expression) {
        return Double.parseDouble(xpath(xml, "count(" + expression + ")"));
    }

    private static XPath newXPath() {
        XPath xpath = XPathFactory.newDefaultInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NAMESPACES.get(prefix);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return xpath;
    }
}
