package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Renders a canonical invoice to PDF with the template set and version its {@code template} element names, from the
 * archived snapshot of that version ({@link TemplateArchive}): the stylesheets and the set's files it was first
 * rendered with, whatever the home holds today. An invoice without a {@code template} element (issued before template
 * sets) is rendered with the home's {@code xsl/} as before. Engines (compiled stylesheets, FOP factory) are kept for
 * the few versions in use. Thread-safe.
 */
public final class TemplateRenderer {

    static final String STYLESHEET = "invoice-fo.xsl";
    private static final String INVOICE_NS = "urn:crahub:invoice:1";
    private static final int ENGINES_KEPT = 4;

    private final TemplateArchive archive;
    private final XslTransformer homeXsl;
    private final PdfRenderer homePdf;
    private final TemplateSetParser parser = new TemplateSetParser();
    private final Map<String, Engines> engines = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Engines> eldest) {
            return size() > ENGINES_KEPT;
        }
    };

    private record Engines(XslTransformer xsl, PdfRenderer pdf) {
    }

    /** The template an invoice names: set name and version. */
    public record Reference(String name, String version) {
    }

    public TemplateRenderer(TemplateArchive archive, XslTransformer homeXsl, PdfRenderer homePdf) {
        this.archive = archive;
        this.homeXsl = homeXsl;
        this.homePdf = homePdf;
    }

    /**
     * @return the PDF of a canonical invoice, rendered as PDF/A-3b (the base of its Factur-X, ADR 0020) with the
     * template its XML names (or the home's xsl/ without)
     */
    public byte[] renderInvoice(byte[] xml) {
        return renderInvoice(xml, PART_INVOICE);
    }

    /**
     * @param part {@value #PART_INVOICE} (the invoice and its annexes) or an annex alone, e.g.
     *             {@value #PART_TIME_DETAIL} (parameter {@code f:part} of {@code invoice-fo.xsl}); a stylesheet
     *             archived before that parameter existed ignores it and renders the whole invoice
     * @return that part of the invoice as PDF/A-3b
     */
    public byte[] renderInvoice(byte[] xml, String part) {
        Map<String, String> parameters = PART_INVOICE.equals(part) ? Map.of() : Map.of(PART_PARAMETER, part);
        Header header = header(xml);
        if (header.template() == null) {
            return homePdf.renderPdfA(homeXsl.transform(STYLESHEET, xml, parameters));
        }
        Rendering r = fo(xml, header.template(), header.language(), parameters);
        return r.engines().pdf().renderPdfA(r.fo());
    }

    /** The whole invoice with its annexes. */
    public static final String PART_INVOICE = "invoice";
    /** The time-detail annex alone, as it travels with the e-invoice. */
    public static final String PART_TIME_DETAIL = "annex-time-detail";
    private static final String PART_PARAMETER = "{urn:crahub:xsl:functions}part";

    /** The XSL-FO of a canonical invoice, as {@link #renderInvoice} renders it (for tests and diagnostics). */
    public byte[] invoiceFo(byte[] xml) {
        Header header = header(xml);
        if (header.template() == null) {
            return homeXsl.transform(STYLESHEET, xml);
        }
        return fo(xml, header.template(), header.language(), Map.of()).fo();
    }

    private record Rendering(Engines engines, byte[] fo) {
    }

    /** The FO from the archived version: its set read back from the archive, its stylesheets, the set's parameters. */
    private Rendering fo(byte[] xml, Reference t, String language, Map<String, String> extra) {
        Path folder = archive.verified(t.version());
        TemplateSet set = parser.parse(t.name(), folder.resolve("template"));
        Engines e = engines(t.version(), folder);
        Map<String, String> parameters = new LinkedHashMap<>(set.stylesheetParameters(language));
        parameters.putAll(extra);
        return new Rendering(e, e.xsl().transform(STYLESHEET, xml, parameters));
    }

    private Engines engines(String version, Path folder) {
        synchronized (engines) {
            Engines e = engines.get(version);
            if (e == null) {
                Path xsl = folder.resolve("xsl");
                // an archived version never changes: its folder is not watched
                e = new Engines(new XslTransformer(xsl, Duration.ofDays(365)), new PdfRenderer(xsl));
                engines.put(version, e);
            }
            return e;
        }
    }

    /** Whether a template version is in the archive (not checked again here). */
    public boolean archived(String version) {
        return TemplateArchive.VERSION.matcher(version).matches()
                && java.nio.file.Files.isDirectory(archive.folder(version));
    }

    /** The template an invoice's XML names, if any. */
    public static Reference template(byte[] xml) {
        return header(xml).template();
    }

    private record Header(String language, Reference template) {
    }

    /** Reads the root's language and the {@code template} element (a child of the root), stopping there. */
    private static Header header(byte[] xml) {
        String[] language = {"fr"};
        Reference[] template = {null};
        try {
            XMLReader reader = SecureXml.newXmlReader();
            reader.setContentHandler(new DefaultHandler() {
                private int depth;

                @Override
                public void startElement(String uri, String local, String qName, Attributes attributes) {
                    depth++;
                    if (depth == 1 && attributes.getValue("language") != null) {
                        language[0] = attributes.getValue("language");
                    }
                    if (depth == 2 && INVOICE_NS.equals(uri) && "template".equals(local)) {
                        template[0] = new Reference(attributes.getValue("name"), attributes.getValue("version"));
                    }
                }

                @Override
                public void endElement(String uri, String local, String qName) {
                    depth--;
                }
            });
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException | IOException e) {
            throw new DocumentException("Invoice XML cannot be read: " + e.getMessage(), e);
        }
        return new Header(language[0], template[0]);
    }
}
