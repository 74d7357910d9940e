package dev.crahub.einvoice;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.crahub.document.XslTransformer;
import org.springframework.stereotype.Component;

/**
 * Maps a canonical invoice to CII and UBL with the home's stylesheets ({@code xsl/einvoice/invoice-cii.xsl},
 * {@code xsl/einvoice/invoice-ubl.xsl}), which integrators edit like the routes; the attachments are embedded as
 * BT-125 binary objects of the supporting documents the canonical invoice lists (BG-24).
 */
@Component
public class EInvoiceFormats {

    static final String CII_STYLESHEET = "einvoice/invoice-cii.xsl";
    static final String UBL_STYLESHEET = "einvoice/invoice-ubl.xsl";
    private static final String ATTACHMENTS = "{urn:crahub:xsl:einvoice}attachments";

    private final XslTransformer xsl;

    public EInvoiceFormats(XslTransformer xslTransformer) {
        this.xsl = xslTransformer;
    }

    /** The CII D22B of a canonical invoice; {@code attachments} embedded, or none (the Factur-X's own CII). */
    public byte[] cii(byte[] canonical, List<Attachment> attachments) {
        return xsl.transform(CII_STYLESHEET, canonical, parameters(attachments));
    }

    /**
     * The UBL 2.1 Invoice or CreditNote of a canonical invoice, in the Peppol BIS Billing 3.0 flavour (the French
     * mentions in one note, the billing framework in the CII and the Factur-X; parameter {@code profile} of the
     * stylesheet also knows {@code fr-ctc}).
     */
    public byte[] ubl(byte[] canonical, List<Attachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return xsl.transform(UBL_STYLESHEET, canonical);
        }
        StringBuilder annexes = new StringBuilder();
        for (Attachment a : attachments) {
            // id|mimeCode|fileName|base64, space separated (xsl/einvoice/common.xsl); plain names, checked by Attachment
            annexes.append(a.id()).append('|').append(a.mediaType()).append('|').append(a.fileName()).append('|')
                    .append(Base64.getEncoder().encodeToString(a.content())).append(' ');
        }
        return xsl.transform(UBL_STYLESHEET, canonical, Map.of("annexes", annexes.toString().trim()));
    }

    private static Map<String, String> parameters(List<Attachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return Map.of();
        }
        StringBuilder xml = new StringBuilder("<attachments>");
        for (Attachment a : attachments) {
            // id, file name and media type are plain names (checked by Attachment); the content is base64
            xml.append("<file id=\"").append(a.id()).append("\" mimeCode=\"").append(a.mediaType())
                    .append("\" filename=\"").append(a.fileName()).append("\">")
                    .append(Base64.getEncoder().encodeToString(a.content())).append("</file>");
        }
        return Map.of(ATTACHMENTS, xml.append("</attachments>").toString());
    }
}
