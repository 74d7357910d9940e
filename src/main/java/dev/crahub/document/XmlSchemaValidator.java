package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates canonical documents against the XSDs shipped on the classpath under {@code /schema/}
 * ({@code cra-1.xsd}, {@code invoice-1.xsd}). Compiled schemas are cached; thread-safe.
 * The instance is parsed by a reader that refuses DOCTYPEs, so XXE and entity-expansion payloads are rejected.
 */
public final class XmlSchemaValidator {

    private static final String SCHEMA_FOLDER = "/schema/";
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.xsd");

    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /**
     * @param xml        the document
     * @param schemaName file name under classpath {@code /schema/}, e.g. {@code invoice-1.xsd}
     * @throws InvalidDocumentException listing every error (line:column: message)
     * @throws DocumentException        when the schema itself cannot be loaded
     */
    public void validate(byte[] xml, String schemaName) {
        Schema schema = schemas.computeIfAbsent(schemaName, XmlSchemaValidator::loadSchema);
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        }
        catch (SAXException ex) {
            throw new DocumentException("Cannot secure the XML validator: " + ex.getMessage(), ex);
        }
        CollectingErrorHandler errors = new CollectingErrorHandler();
        validator.setErrorHandler(errors);
        try {
            validator.validate(new SAXSource(SecureXml.newXmlReader(), new InputSource(new ByteArrayInputStream(xml))));
        }
        catch (SAXParseException ex) {
            errors.add(ex); // fatal error (not well-formed, DOCTYPE refused...): already collected unless thrown directly
        }
        catch (SAXException ex) {
            errors.messages.add("0:0: " + ex.getMessage());
        }
        catch (IOException ex) {
            throw new DocumentException("Cannot read the document to validate: " + ex.getMessage(), ex);
        }
        if (!errors.messages.isEmpty()) {
            throw new InvalidDocumentException(schemaName, errors.messages);
        }
    }

    private static Schema loadSchema(String schemaName) {
        if (schemaName == null || !SCHEMA_NAME.matcher(schemaName).matches()) {
            throw new DocumentException("Not a schema name: " + schemaName);
        }
        URL url = XmlSchemaValidator.class.getResource(SCHEMA_FOLDER + schemaName);
        if (url == null) {
            throw new DocumentException("Schema not found on the classpath: " + SCHEMA_FOLDER + schemaName);
        }
        try (InputStream in = url.openStream()) {
            return SecureXml.newSchemaFactory().newSchema(new StreamSource(in, url.toExternalForm()));
        }
        catch (SAXException | IOException ex) {
            throw new DocumentException("Cannot load schema " + schemaName + ": " + ex.getMessage(), ex);
        }
    }

    private static final class CollectingErrorHandler implements ErrorHandler {

        private final List<String> messages = new ArrayList<>();
        private SAXParseException last;

        @Override
        public void warning(SAXParseException ex) {
            // warnings do not make a document invalid
        }

        @Override
        public void error(SAXParseException ex) {
            add(ex);
        }

        @Override
        public void fatalError(SAXParseException ex) throws SAXException {
            add(ex);
            throw ex;
        }

        void add(SAXParseException ex) {
            if (ex != last) {
                messages.add(ex.getLineNumber() + ":" + ex.getColumnNumber() + ": " + ex.getMessage());
                last = ex;
            }
        }
    }
}
