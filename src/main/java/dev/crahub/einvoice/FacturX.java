package dev.crahub.einvoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import dev.crahub.document.DocumentException;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.ZUGFeRDExporterFromPDFA;
import org.springframework.stereotype.Component;

/**
 * Makes a Factur-X (EN 16931 profile) of a PDF/A-3b rendered by FOP and the invoice's CII, with Mustang's exporter:
 * the CII attached as {@code factur-x.xml} with {@code AFRelationship /Alternative}, MIME {@code text/xml}, listed in
 * the catalog's {@code /AF}, and the Factur-X XMP extension schema (FOP alone hard-codes {@code /Data} and
 * {@code application/octet-stream}). Supporting documents (the time-detail annex, receipts) are attached too, as
 * {@code /Supplement}. A PDF that is not PDF/A is refused here, before any validator. Thread-safe (an exporter per
 * call).
 */
@Component
public class FacturX {

    static final String PRODUCER = "crahub";
    private static final String SUPPLEMENT = "Supplement";

    public byte[] assemble(byte[] pdfA, byte[] cii, List<Attachment> attachments) {
        try (ZUGFeRDExporterFromPDFA exporter = new ZUGFeRDExporterFromPDFA()) {
            exporter.load(pdfA);
            exporter.setProducer(PRODUCER);
            exporter.setCreator(PRODUCER);
            exporter.setProfile(Profiles.getByName("EN16931"));
            // the files first: setXML prepares the document, attaching what was declared until then
            for (Attachment a : attachments) {
                exporter.attachFile(a.fileName(), a.content(), a.mediaType(), SUPPLEMENT);
            }
            exporter.setXML(cii);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdfA.length + cii.length + 64 * 1024);
            exporter.export(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new DocumentException("Factur-X could not be assembled: " + e.getMessage(), e);
        }
    }
}
