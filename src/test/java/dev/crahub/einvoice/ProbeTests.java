package dev.crahub.einvoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.crahub.document.PdfRenderer;
import dev.crahub.document.XslTransformer;
import org.junit.jupiter.api.Test;
import org.mustangproject.validator.ZUGFeRDValidator;

class ProbeTests {
    @Test
    void probe() throws Exception {
        byte[] xml = getClass().getResourceAsStream("/canonical/einvoice-sample.xml").readAllBytes();
        XslTransformer xsl = new XslTransformer(Path.of("xsl"));
        byte[] cii = new EInvoiceFormats(xsl).cii(xml, List.of());
        Files.write(Path.of("/tmp/probe-cii.xml"), cii);
        byte[] pdf = new PdfRenderer(Path.of("xsl")).render(xsl.transform("invoice-fo.xsl", xml), true);
        Files.write(Path.of("/tmp/probe-pdfa.pdf"), pdf);
        byte[] fx = new FacturX().assemble(pdf, cii, List.of(new Attachment("annex-time-detail", "annex-time-detail.pdf", "application/pdf", pdf)));
        Files.write(Path.of("/tmp/probe-fx.pdf"), fx);
        long t0 = System.nanoTime();
        String report = new ZUGFeRDValidator().validate(fx, "probe-fx.pdf");
        long t1 = System.nanoTime();
        Files.writeString(Path.of("/tmp/probe-report.xml"), report);
        String report2 = new ZUGFeRDValidator().validate(cii, "probe-cii.xml");
        Files.writeString(Path.of("/tmp/probe-report-cii.xml"), report2);
        for (int i = 0; i < 5; i++) {
            long a = System.nanoTime();
            new ZUGFeRDValidator().validate(fx, "probe-fx.pdf");
            long b = System.nanoTime();
            new ZUGFeRDValidator().validate(cii, "probe-cii.xml");
            long c = System.nanoTime();
            System.out.println("PROBE full " + (b - a) / 1_000_000 + " ms, xml " + (c - b) / 1_000_000 + " ms");
        }
        System.out.println("PROBE first " + (t1 - t0) / 1_000_000 + " ms");
    }
}
