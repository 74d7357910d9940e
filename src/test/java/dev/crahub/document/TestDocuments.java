package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Fixtures and XML helpers shared by the document tests (no Spring). */
final class TestDocuments {

    /** The stylesheet folder, as Maven runs tests from the project root. */
    static final Path XSL = Path.of("xsl");

    static final String NBSP = "\u00A0";

    private static final Map<String, String> NAMESPACES = Map.of(
            "fo", "http://www.w3.org/1999/XSL/Format",
            "inv", "urn:crahub:invoice:1",
            "cra", "urn:crahub:cra:1");

    private TestDocuments() {
    }

    static byte[] sample(String name) {
        try (InputStream in = TestDocuments.class.getResourceAsStream("/canonical/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /canonical/" + name);
            }
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot parse XML", ex);
        }
    }

    static byte[] serialize(Document document) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newDefaultInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot serialize XML", ex);
        }
    }

    static Node node(Object context, String expression) {
        return (Node) evaluate(context, expression, XPathConstants.NODE);
    }

    static NodeList nodes(Object context, String expression) {
        return (NodeList) evaluate(context, expression, XPathConstants.NODESET);
    }

    static String string(Object context, String expression) {
        return (String) evaluate(context, expression, XPathConstants.STRING);
    }

    static double number(Object context, String expression) {
        return (Double) evaluate(context, expression, XPathConstants.NUMBER);
    }

    /** Sets the text of the node selected in the canonical document, e.g. {@code /inv:invoice/inv:vatRegime}. */
    static byte[] with(byte[] xml, String expression, String value) {
        Document document = parse(xml);
        Node target = node(document, expression);
        if (target == null) {
            throw new IllegalArgumentException("no node " + expression);
        }
        target.setTextContent(value);
        return serialize(document);
    }

    private static Object evaluate(Object context, String expression, javax.xml.namespace.QName type) {
        XPath xpath = XPathFactory.newDefaultInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NAMESPACES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                return null;
            }
        });
        try {
            return xpath.evaluate(expression, context, type);
        }
        catch (XPathExpressionException ex) {
            throw new IllegalArgumentException("bad XPath " + expression, ex);
        }
    }

    /** Copies the whole xsl/ tree (stylesheets, dictionaries, fonts, fop.xconf) into {@code target}. */
    static Path copyXsl(Path target) {
        try (Stream<Path> files = Files.walk(XSL)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(XSL.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
