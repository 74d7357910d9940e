package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.transform.ErrorListener;
import javax.xml.transform.SourceLocator;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;

import org.xml.sax.InputSource;

import net.sf.saxon.Configuration;
import net.sf.saxon.TransformerFactoryImpl;
import net.sf.saxon.jaxp.TransformerImpl;
import net.sf.saxon.lib.EnvironmentVariableResolver;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.s9api.Message;
import net.sf.saxon.trans.XPathException;
import net.sf.saxon.trans.XsltController;

/**
 * Runs the XSLT stylesheets of one folder (the {@code xsl/} tree integrators edit on disk) with Saxon-HE.
 * <ul>
 * <li>Saxon is pinned (never the JVM default factory); compiled {@link Templates} are cached per stylesheet and
 * recompiled when any file under the folder changed (checked at most once per {@code checkInterval}), so edits
 * take effect without a restart.</li>
 * <li>Input XML is parsed with DOCTYPEs refused (no XXE); {@code xsl:import}, {@code document()},
 * {@code unparsed-text()} are confined to the folder; {@code collection()}, {@code xsl:result-document} and
 * environment variables are disabled.</li>
 * <li>Stylesheet errors (compile errors, {@code xsl:message terminate="yes"}, dynamic errors) become a
 * {@link DocumentException} naming the stylesheet, the module and the line.</li>
 * </ul>
 * Thread-safe.
 */
public final class XslTransformer {

    private static final System.Logger LOG = System.getLogger(XslTransformer.class.getName());
    private static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Path xslDir;
    private final ConfinedResolver resolver;
    private final TransformerFactoryImpl factory;
    private final Object compileLock = new Object();
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    private final FolderVersion folderVersion;

    public XslTransformer(Path xslDir) {
        this(xslDir, DEFAULT_CHECK_INTERVAL);
    }

    /** @param checkInterval how often, at most, the folder is scanned for changes ({@link Duration#ZERO}: always) */
    public XslTransformer(Path xslDir, Duration checkInterval) {
        if (!Files.isDirectory(xslDir)) {
            throw new DocumentException("Stylesheet folder not found: " + xslDir.toAbsolutePath());
        }
        this.xslDir = xslDir.toAbsolutePath().normalize();
        this.resolver = new ConfinedResolver(this.xslDir);
        this.factory = newFactory(resolver);
        this.folderVersion = new FolderVersion(this.xslDir, checkInterval);
    }

    /**
     * @param stylesheetFileName path relative to the folder, e.g. {@code invoice-fo.xsl}
     * @param xml                the source document
     * @return the serialized result (XSL-FO for the {@code *-fo.xsl} stylesheets)
     */
    public byte[] transform(String stylesheetFileName, byte[] xml) {
        return transform(stylesheetFileName, xml, Map.of());
    }

    /**
     * @param parameters stylesheet parameters by expanded name ({@code {urn:crahub:xsl:functions}color-accent}), as
     *                   strings
     */
    public byte[] transform(String stylesheetFileName, byte[] xml, Map<String, String> parameters) {
        Templates templates = templates(stylesheetFileName);
        List<Message> messages = Collections.synchronizedList(new ArrayList<>());
        Transformer transformer;
        try {
            transformer = templates.newTransformer();
        }
        catch (TransformerException ex) {
            throw new DocumentException("Stylesheet " + stylesheetFileName + " cannot be instantiated: " + describe(ex), ex);
        }
        secure(transformer, stylesheetFileName, messages);
        parameters.forEach(transformer::setParameter);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        SAXSource source = new SAXSource(SecureXml.newXmlReader(), new InputSource(new ByteArrayInputStream(xml)));
        try {
            transformer.transform(source, new StreamResult(out));
        }
        catch (TransformerException ex) {
            String terminated = messages.stream().filter(Message::isTerminate).map(m -> m.getStringValue().trim())
                    .reduce((a, b) -> b).orElse(null);
            String what = terminated != null ? "stopped: " + terminated : "failed: " + describe(ex);
            throw new DocumentException("Stylesheet " + stylesheetFileName + " " + what
                    + location(ex.getLocator()), ex);
        }
        return out.toByteArray();
    }

    /**
     * The version of the stylesheet folder: changes whenever a file under it changed (checked at most once per check
     * interval), so that a result kept for an input can be told apart from the result of the edited stylesheets.
     */
    public long version() {
        return folderVersion.current();
    }

    // ---------------------------------------------------------------- compilation and cache

    private record Compiled(Templates templates, long treeVersion) {
    }

    private Templates templates(String stylesheetFileName) {
        long version = folderVersion.current();
        Compiled compiled = cache.get(stylesheetFileName);
        if (compiled != null && compiled.treeVersion() == version) {
            return compiled.templates();
        }
        synchronized (compileLock) {
            compiled = cache.get(stylesheetFileName);
            if (compiled != null && compiled.treeVersion() == version) {
                return compiled.templates();
            }
            Templates templates = compile(stylesheetFileName);
            cache.put(stylesheetFileName, new Compiled(templates, version));
            return templates;
        }
    }

    private Templates compile(String stylesheetFileName) {
        Path stylesheet;
        try {
            stylesheet = resolver.confine(stylesheetFileName, xslDir.toUri().toString());
        }
        catch (TransformerException ex) {
            throw new DocumentException("Stylesheet " + stylesheetFileName + " refused: " + ex.getMessage(), ex);
        }
        if (!Files.isRegularFile(stylesheet)) {
            throw new DocumentException("Stylesheet not found: " + stylesheet);
        }
        CollectingErrorListener errors = new CollectingErrorListener();
        factory.setErrorListener(errors);
        try {
            return factory.newTemplates(resolver.resolve(stylesheet.toUri().toString(), null));
        }
        catch (TransformerException ex) {
            String detail = errors.errors.isEmpty() ? describe(ex) + location(ex.getLocator())
                    : String.join("; ", errors.errors);
            throw new DocumentException("Stylesheet " + stylesheetFileName + " does not compile: " + detail, ex);
        }
        finally {
            factory.setErrorListener(new CollectingErrorListener());
        }
    }

    // ---------------------------------------------------------------- security

    private static TransformerFactoryImpl newFactory(ConfinedResolver resolver) {
        TransformerFactoryImpl factory = new net.sf.saxon.TransformerFactoryImpl();
        Configuration config = factory.getConfiguration();
        config.setResourceResolver(resolver);
        config.setUnparsedTextURIResolver(resolver);
        config.setCollectionFinder((context, uri) -> {
            throw new XPathException("collection() is disabled (" + uri + ")");
        });
        config.setConfigurationProperty(Feature.ENVIRONMENT_VARIABLE_RESOLVER, new NoEnvironment());
        config.setConfigurationProperty(Feature.ALLOW_EXTERNAL_FUNCTIONS, false);
        config.setConfigurationProperty(Feature.DTD_VALIDATION, false);
        config.setConfigurationProperty(Feature.XINCLUDE, false);
        factory.setURIResolver(resolver);
        return factory;
    }

    private void secure(Transformer transformer, String stylesheetFileName, List<Message> messages) {
        transformer.setURIResolver(resolver);
        transformer.setErrorListener(new LoggingErrorListener(stylesheetFileName));
        if (transformer instanceof TransformerImpl saxon) {
            XsltController controller = saxon.getUnderlyingController();
            controller.setResourceResolver(resolver);
            controller.setUnparsedTextURIResolver(resolver);
            controller.setResultDocumentResolver((context, href, base, properties) -> {
                throw new XPathException("xsl:result-document is disabled (" + href + ")");
            });
            saxon.getUnderlyingXsltTransformer().setMessageHandler(message -> {
                messages.add(message);
                if (!message.isTerminate()) {
                    LOG.log(Level.WARNING, "{0}: {1}{2}", stylesheetFileName, message.getStringValue().trim(),
                            location(message.getLocation()));
                }
            });
        }
    }

    private static final class NoEnvironment implements EnvironmentVariableResolver {
        @Override
        public Set<String> getAvailableEnvironmentVariables() {
            return Set.of();
        }

        @Override
        public String getEnvironmentVariable(String name) {
            return null;
        }
    }

    // ---------------------------------------------------------------- error reporting

    private String location(SourceLocator locator) {
        if (locator == null || locator.getLineNumber() <= 0) {
            return "";
        }
        return " (" + relative(locator.getSystemId()) + ", line " + locator.getLineNumber() + ")";
    }

    private String relative(String systemId) {
        if (systemId == null) {
            return "input";
        }
        try {
            URI uri = URI.create(systemId);
            if ("file".equals(uri.getScheme())) {
                Path path = Path.of(uri);
                if (path.startsWith(xslDir)) {
                    return xslDir.relativize(path).toString().replace('\\', '/');
                }
                Path real = path.toRealPath();
                Path realDir = xslDir.toRealPath();
                if (real.startsWith(realDir)) {
                    return realDir.relativize(real).toString().replace('\\', '/');
                }
            }
        }
        catch (IllegalArgumentException | IOException ex) {
            // fall through
        }
        return systemId;
    }

    private static String describe(TransformerException ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.xml.sax.SAXParseException parse) {
                return "input XML refused at line " + parse.getLineNumber() + ":" + parse.getColumnNumber() + ": "
                        + parse.getMessage();
            }
        }
        String message = ex.getMessage();
        Throwable cause = ex.getException() != null ? ex.getException() : ex.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            message = cause.getMessage();
        }
        if (ex instanceof XPathException xpe && xpe.getErrorCodeQName() != null) {
            message = message + " [" + xpe.getErrorCodeQName().getDisplayName() + "]";
        }
        return message;
    }

    private final class CollectingErrorListener implements ErrorListener {

        private final List<String> errors = new ArrayList<>();

        @Override
        public void warning(TransformerException ex) {
            LOG.log(Level.DEBUG, "XSLT compile warning: {0}{1}", ex.getMessage(), location(ex.getLocator()));
        }

        @Override
        public void error(TransformerException ex) {
            errors.add(ex.getMessage() + location(ex.getLocator()));
        }

        @Override
        public void fatalError(TransformerException ex) {
            errors.add(ex.getMessage() + location(ex.getLocator()));
        }
    }

    private final class LoggingErrorListener implements ErrorListener {

        private final String stylesheetFileName;

        LoggingErrorListener(String stylesheetFileName) {
            this.stylesheetFileName = stylesheetFileName;
        }

        @Override
        public void warning(TransformerException ex) {
            LOG.log(Level.WARNING, "{0}: {1}{2}", stylesheetFileName, ex.getMessage(), location(ex.getLocator()));
        }

        @Override
        public void error(TransformerException ex) throws TransformerException {
            throw ex;
        }

        @Override
        public void fatalError(TransformerException ex) throws TransformerException {
            throw ex;
        }
    }
}
