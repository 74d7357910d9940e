package dev.crahub.document;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.URIResolver;
import javax.xml.transform.sax.SAXSource;

import org.xml.sax.InputSource;

import net.sf.saxon.Configuration;
import net.sf.saxon.lib.ResourceRequest;
import net.sf.saxon.lib.ResourceResolver;
import net.sf.saxon.lib.UnparsedTextURIResolver;
import net.sf.saxon.trans.XPathException;

/**
 * Resolves stylesheet modules ({@code xsl:import}/{@code xsl:include}), {@code document()}/{@code doc()} and
 * {@code unparsed-text()} only to files inside one folder (the xsl/ tree), and refuses everything else:
 * other files, other schemes (http, jar...), paths escaping through {@code ..} or symbolic links.
 * XML resources are parsed with a DOCTYPE-refusing reader.
 */
final class ConfinedResolver implements ResourceResolver, URIResolver, UnparsedTextURIResolver {

    private final Path root;

    ConfinedResolver(Path root) {
        this.root = realPath(root);
    }

    /** The confined file for a URI, or an exception saying why it is refused. */
    Path confine(String href, String base) throws TransformerException {
        URI uri;
        try {
            uri = (base == null || base.isEmpty()) ? new URI(href) : new URI(base).resolve(new URI(href));
        }
        catch (URISyntaxException | IllegalArgumentException ex) {
            throw new TransformerException("Refused resource '" + href + "': not a valid URI");
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new TransformerException("Refused resource '" + uri + "': only files under " + root + " may be read");
        }
        Path path;
        try {
            path = Paths.get(uri).normalize();
        }
        catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException ex) {
            throw new TransformerException("Refused resource '" + uri + "': not a local file");
        }
        Path real = Files.exists(path) ? realPath(path) : path;
        if (!real.startsWith(root)) {
            throw new TransformerException("Refused resource '" + uri + "': outside the stylesheet folder " + root);
        }
        return real;
    }

    // Saxon resource resolver: documents, stylesheet modules, text...
    @Override
    public Source resolve(ResourceRequest request) throws XPathException {
        String href = request.uri != null ? request.uri : request.relativeUri;
        if (href == null) {
            throw new XPathException("Refused resource without URI");
        }
        try {
            Path file = confine(href, request.uri != null ? null : request.baseUri);
            return xmlSource(file);
        }
        catch (TransformerException ex) {
            throw new XPathException(ex.getMessage());
        }
    }

    // JAXP resolver: xsl:import/xsl:include at compile time, document() at run time
    @Override
    public Source resolve(String href, String base) throws TransformerException {
        return xmlSource(confine(href, base));
    }

    // unparsed-text(), unparsed-text-lines(), json-doc()
    @Override
    public Reader resolve(URI absoluteURI, String encoding, Configuration config) throws XPathException {
        try {
            Path file = confine(absoluteURI.toString(), null);
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return Files.newBufferedReader(file, charset);
        }
        catch (TransformerException ex) {
            throw new XPathException(ex.getMessage());
        }
        catch (IOException | IllegalArgumentException ex) {
            throw new XPathException("Cannot read " + absoluteURI + ": " + ex.getMessage());
        }
    }

    private static Source xmlSource(Path file) {
        InputSource input = new InputSource(file.toUri().toString());
        SAXSource source = new SAXSource(SecureXml.newXmlReader(), input);
        source.setSystemId(input.getSystemId());
        return source;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        }
        catch (IOException ex) {
            return path.toAbsolutePath().normalize();
        }
    }
}
