package dev.crahub.document;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parsers hardened against XXE and entity expansion: DOCTYPE declarations are refused outright, external entities
 * and external DTDs are never loaded. Uses the JDK's built-in implementations, whatever else is on the classpath.
 */
final class SecureXml {

    private static final SAXParserFactory SAX_PARSER_FACTORY = newSaxParserFactory();

    /** Errors propagate as exceptions to the caller (which may install its own handler); nothing goes to stderr. */
    private static final ErrorHandler RETHROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException ex) {
            // not an error
        }

        @Override
        public void error(SAXParseException ex) throws SAXException {
            throw ex;
        }

        @Override
        public void fatalError(SAXParseException ex) throws SAXException {
            throw ex;
        }
    };

    private SecureXml() {
    }

    /** A new namespace-aware reader that refuses any DOCTYPE. Readers are not thread-safe: one per parse. */
    static XMLReader newXmlReader() {
        try {
            XMLReader reader = SAX_PARSER_FACTORY.newSAXParser().getXMLReader();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
            reader.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            reader.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            trySetProperty(reader, XMLConstants.ACCESS_EXTERNAL_DTD, "");
            trySetProperty(reader, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            reader.setErrorHandler(RETHROWING); // the JDK default prints "[Fatal Error]" to stderr
            return reader;
        }
        catch (ParserConfigurationException | SAXException ex) {
            throw new DocumentException("Cannot create a secure XML parser: " + ex.getMessage(), ex);
        }
    }

    /** A W3C XML Schema factory that never fetches external DTDs or schemas. */
    static SchemaFactory newSchemaFactory() {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        }
        catch (SAXNotRecognizedException | SAXNotSupportedException ex) {
            throw new DocumentException("Cannot secure the XML schema factory: " + ex.getMessage(), ex);
        }
        return factory;
    }

    private static SAXParserFactory newSaxParserFactory() {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        }
        catch (ParserConfigurationException | SAXException ex) {
            throw new DocumentException("Cannot secure the SAX parser factory: " + ex.getMessage(), ex);
        }
        return factory;
    }

    private static void trySetProperty(XMLReader reader, String name, Object value) {
        try {
            reader.setProperty(name, value);
        }
        catch (SAXNotRecognizedException | SAXNotSupportedException ex) {
            // the DOCTYPE is refused anyway; the property is a second line of defence
        }
    }
}
