package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.fop.apps.FOUserAgent;
import org.apache.fop.apps.Fop;
import org.apache.fop.apps.FopConfParser;
import org.apache.fop.apps.FopFactory;
import org.apache.fop.apps.FopFactoryBuilder;
import org.apache.fop.apps.MimeConstants;
import org.apache.fop.apps.io.ResourceResolverFactory;
import org.apache.fop.events.Event;
import org.apache.fop.events.EventFormatter;
import org.apache.fop.events.model.EventSeverity;
import org.apache.fop.fonts.FontTriplet;
import org.apache.xmlgraphics.io.Resource;
import org.apache.xmlgraphics.io.ResourceResolver;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Renders XSL-FO to PDF with Apache FOP, configured by {@code fop.xconf} in the stylesheet folder (fonts and other
 * relative paths resolve against that folder). Its {@link FopFactory}s are built once (a new generation only when
 * {@code fop.xconf} changes) and kept in a pool: a factory's {@code newFop} reads its configuration (a shared DOM, not
 * safe for concurrent reads), so each thread creating a document takes an idle factory for that call, or builds
 * another when none is idle; no lock is shared by all documents (ADR 0032). The pool holds at most as many factories
 * as documents were ever started at the same moment.
 * <ul>
 * <li>The FO is parsed with DOCTYPEs refused; FOP may read files only inside the folder (fonts, images) or
 * {@code data:} URIs.</li>
 * <li>A font falling back to anything but a configured (embedded) family fails the rendering: every PDF embeds
 * all its fonts.</li>
 * <li>Producer and creator are "crahub".</li>
 * </ul>
 * Thread-safe.
 */
public final class PdfRenderer {

    private static final System.Logger LOG = System.getLogger(PdfRenderer.class.getName());
    private static final String CONFIG_FILE = "fop.xconf";
    private static final String PRODUCER = "crahub";
    private static final String PDF_A_MODE = "pdf-a-mode";
    private static final String PDF_A_3B = "PDF/A-3b";
    private static final String FONT_SUBSTITUTED = "org.apache.fop.fonts.FontEventProducer.fontSubstituted";

    private final Path xslDir;
    private final Path configFile;
    private volatile Generation generation;

    /** The factories built from one version of {@code fop.xconf}, the idle ones ready for a {@code newFop}. */
    private record Generation(FileTime configTime, long configSize, Deque<FopFactory> idle) {
    }

    public PdfRenderer(Path xslDir) {
        this.xslDir = realPath(xslDir);
        this.configFile = this.xslDir.resolve(CONFIG_FILE);
        this.generation = newGeneration();
    }

    /**
     * @param xslFo an XSL-FO document
     * @return the PDF
     * @throws DocumentException when the FO is refused or invalid, or rendering fails
     */
    public byte[] render(byte[] xslFo) {
        return render(xslFo, false);
    }

    /** The same rendering as PDF/A-3b (a route's bean call names one method: no overload of {@link #render}). */
    public byte[] renderPdfA(byte[] xslFo) {
        return render(xslFo, true);
    }

    /**
     * @param xslFo an XSL-FO document
     * @param pdfA  render as PDF/A-3b (sRGB output intent, XMP with pdfaid, every font embedded), the base of a
     *              Factur-X; FOP refuses what PDF/A forbids (an unembedded font, encryption) instead of writing it
     * @return the PDF
     * @throws DocumentException when the FO is refused or invalid, or rendering fails
     */
    private byte[] render(byte[] xslFo, boolean pdfA) {
        Generation current = currentGeneration();
        FopFactory fopFactory = current.idle().pollFirst();
        if (fopFactory == null) {
            fopFactory = buildFactory();
        }
        FOUserAgent userAgent = fopFactory.newFOUserAgent();
        userAgent.setProducer(PRODUCER);
        userAgent.setCreator(PRODUCER);
        if (pdfA) {
            userAgent.getRendererOptions().put(PDF_A_MODE, PDF_A_3B);
        }
        List<String> problems = new ArrayList<>();
        userAgent.getEventBroadcaster().addEventListener(event -> onEvent(event, problems));
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(128 * 1024);
        try {
            Fop fop;
            // FOP reads its configuration (a shared DOM, not safe for concurrent reads) and sets the document's fonts
            // up here: this thread holds the factory alone for the call, then gives it back; the rendering itself
            // needs the factory no more than for reading
            try {
                fop = fopFactory.newFop(MimeConstants.MIME_PDF, userAgent, pdf);
            }
            finally {
                current.idle().offerFirst(fopFactory);
            }
            XMLReader reader = SecureXml.newXmlReader();
            reader.setContentHandler(fop.getDefaultHandler());
            reader.parse(new InputSource(new ByteArrayInputStream(xslFo)));
        }
        catch (SAXParseException ex) {
            throw new DocumentException("XSL-FO refused at line " + ex.getLineNumber() + ":" + ex.getColumnNumber()
                    + ": " + ex.getMessage(), ex);
        }
        catch (SAXException | IOException | RuntimeException ex) {
            throw new DocumentException("PDF rendering failed: " + rootMessage(ex), ex);
        }
        if (!problems.isEmpty()) {
            throw new DocumentException("PDF rendering failed: " + String.join("; ", problems));
        }
        return pdf.toByteArray();
    }

    private static void onEvent(Event event, List<String> problems) {
        String message = EventFormatter.format(event);
        if (FONT_SUBSTITUTED.equals(event.getEventID())
                && event.getParam("effective") instanceof FontTriplet effective
                && !isConfiguredFamily(effective)) {
            problems.add("font not embedded: " + message);
            return;
        }
        EventSeverity severity = event.getSeverity();
        if (severity == EventSeverity.ERROR || severity == EventSeverity.FATAL) {
            problems.add(message);
        }
        else if (severity == EventSeverity.WARN) {
            LOG.log(Level.WARNING, "FOP: {0}", message);
        }
        else {
            LOG.log(Level.DEBUG, "FOP: {0}", message);
        }
    }

    /** Families FOP falls back to on its own are the non-embedded base-14 ones (Helvetica, Times, Courier...). */
    private static boolean isConfiguredFamily(FontTriplet triplet) {
        String name = triplet.getName().toLowerCase(java.util.Locale.ROOT);
        return !(name.equals("any") || name.startsWith("helvetica") || name.startsWith("times")
                || name.startsWith("courier") || name.equals("symbol") || name.equals("zapfdingbats")
                || name.equals("sans-serif") || name.equals("serif") || name.equals("monospace"));
    }

    // ---------------------------------------------------------------- factory (rebuilt when fop.xconf changes)

    private Generation currentGeneration() {
        Generation current = generation;
        if (!configUnchanged(current)) {
            synchronized (this) { // only when fop.xconf changed
                current = generation;
                if (!configUnchanged(current)) {
                    current = newGeneration();
                    generation = current;
                    LOG.log(Level.INFO, "{0} changed: FOP factories rebuilt", configFile);
                }
            }
        }
        return current;
    }

    /** A generation for the configuration as it is now, with its first factory (so a broken one fails here). */
    private Generation newGeneration() {
        try {
            FileTime time = Files.getLastModifiedTime(configFile);
            long size = Files.size(configFile);
            Deque<FopFactory> idle = new ConcurrentLinkedDeque<>();
            idle.add(buildFactory());
            return new Generation(time, size, idle);
        }
        catch (IOException ex) {
            throw new DocumentException("FOP configuration not found: " + configFile, ex);
        }
    }

    private boolean configUnchanged(Generation current) {
        try {
            return Files.getLastModifiedTime(configFile).equals(current.configTime()) && Files.size(configFile) == current.configSize();
        }
        catch (IOException ex) {
            return true; // keep the factory we have; the next render retries
        }
    }

    private FopFactory buildFactory() {
        if (!Files.isRegularFile(configFile)) {
            throw new DocumentException("FOP configuration not found: " + configFile);
        }
        try {
            byte[] config = Files.readAllBytes(configFile);
            SecureXml.newXmlReader().parse(new InputSource(new ByteArrayInputStream(config))); // refuse DOCTYPEs early
            URI base = xslDir.toUri();
            FopConfParser parser = new FopConfParser(new ByteArrayInputStream(config), base, new ConfinedFopResolver(xslDir));
            FopFactoryBuilder builder = parser.getFopFactoryBuilder();
            builder.getFontManager().disableFontCache();
            return builder.build();
        }
        catch (SAXException | IOException | RuntimeException ex) {
            throw new DocumentException("Invalid FOP configuration " + configFile + ": " + rootMessage(ex), ex);
        }
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        String message = ex.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        if (ex instanceof SAXException sax && sax.getException() != null && sax.getException().getMessage() != null) {
            message = sax.getException().getMessage();
        }
        return message;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        }
        catch (IOException ex) {
            throw new DocumentException("Stylesheet folder not found: " + path.toAbsolutePath(), ex);
        }
    }

    /** FOP may only read files under the stylesheet folder (fonts, images) and inline data: URIs; it never writes. */
    private static final class ConfinedFopResolver implements ResourceResolver {

        private final Path root;
        private final ResourceResolver delegate = ResourceResolverFactory.createDefaultResourceResolver();

        ConfinedFopResolver(Path root) {
            this.root = root;
        }

        @Override
        public Resource getResource(URI uri) throws IOException {
            if ("data".equalsIgnoreCase(uri.getScheme())) {
                return delegate.getResource(uri);
            }
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                Path path = Paths.get(uri).normalize();
                Path real = Files.exists(path) ? path.toRealPath() : path;
                if (real.startsWith(root)) {
                    InputStream in = Files.newInputStream(real);
                    return new Resource(in);
                }
            }
            throw new IOException("Refused resource " + uri + ": FOP may only read files under " + root);
        }

        @Override
        public OutputStream getOutputStream(URI uri) throws IOException {
            throw new IOException("Refused to write " + uri);
        }
    }
}
