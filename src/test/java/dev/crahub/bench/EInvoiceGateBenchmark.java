package dev.crahub.bench;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.crahub.document.PdfRenderer;
import dev.crahub.document.XslTransformer;
import dev.crahub.einvoice.Attachment;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoiceFormats;
import dev.crahub.einvoice.FacturX;
import dev.crahub.einvoice.FacturXInspection;
import dev.crahub.einvoice.FrenchRules;
import dev.crahub.einvoice.MustangValidation;
import dev.crahub.einvoice.PhiveValidation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test: what each step of the e-invoice build and gate costs per document (ADR 0020), run by
 * {@code mvn -B -Pbench test -Dtest=EInvoiceGateBenchmark}. One invoice of the scenario table with a time-detail
 * annex, every engine created once and warmed up, then each step timed alone over the same document, one thread.
 * Writes its section of {@code src/site/markdown/benchmarks.md}: the figures behind "full PDF/A checking once per
 * template version, the rest on every invoice".
 */
class EInvoiceGateBenchmark {

    static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    static final int RUNS = Integer.getInteger("bench.runs", 20);

    @Test
    void eachStepOfTheBuildAndTheGate() throws Exception {
        run(WARMUP, RUNS, Path.of(System.getProperty("bench.report", "target/benchmarks.md")));
    }

    /** Runs every step {@code warmup} + {@code runs} times, writes the section; the steps' mean, median, max in ms. */
    Map<String, double[]> run(int warmup, int runs, Path out) throws Exception {
        byte[] canonical;
        try (InputStream in = getClass().getResourceAsStream("/canonical/scenarios/mixed.xml")) {
            canonical = in.readAllBytes();
        }
        Path xsl = Path.of("xsl");
        XslTransformer transformer = new XslTransformer(xsl);
        PdfRenderer renderer = new PdfRenderer(xsl);
        EInvoiceFormats formats = new EInvoiceFormats(transformer);
        FacturX facturX = new FacturX();
        FacturXInspection inspection = new FacturXInspection();
        MustangValidation mustang = new MustangValidation();
        long phiveStart = System.nanoTime();
        PhiveValidation phive = new PhiveValidation().awaitReady(); // compiled in the background (ADR 0034)
        double phiveSetup = (System.nanoTime() - phiveStart) / 1e6;
        FrenchRules french = new FrenchRules();

        byte[] fo = transformer.transform("invoice-fo.xsl", canonical);
        byte[] pdf = renderer.renderPdfA(fo);
        byte[] annex = renderer.renderPdfA(transformer.transform("invoice-fo.xsl", canonical,
                Map.of("{urn:crahub:xsl:functions}part", "annex-time-detail")));
        List<Attachment> attachments = List.of(new Attachment("annex-time-detail", "bench-annex-time-detail.pdf",
                "application/pdf", annex));
        byte[] cii = formats.cii(canonical, List.of());
        byte[] ubl = formats.ubl(canonical, attachments);
        byte[] fx = facturX.assemble(pdf, cii, attachments);
        assertThat(mustang.facturX(fx, "bench.pdf").valid()).isTrue();

        Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
        steps.put("FOP: invoice PDF, not PDF/A (XSL-FO already made)", () -> renderer.render(fo));
        steps.put("FOP: invoice PDF/A-3b (XSL-FO already made)", () -> renderer.renderPdfA(fo));
        steps.put("XSLT: canonical to CII", () -> formats.cii(canonical, List.of()));
        steps.put("XSLT: canonical to UBL, annex embedded", () -> formats.ubl(canonical, attachments));
        steps.put("Mustang: Factur-X assembly (CII + annex attached)", () -> facturX.assemble(pdf, cii, attachments));
        steps.put("gate, every invoice: Factur-X structure (PDFBox)", () -> inspection.inspect(fx, cii));
        steps.put("gate, every invoice: Mustang XML (schema, EN 16931, BR-FR)", () -> mustang.cii(cii, "bench.xml"));
        steps.put("gate, every invoice: phive EN 16931 CII", () -> phive.cii(cii));
        steps.put("gate, every invoice: phive EN 16931 UBL", () -> phive.ubl(ubl));
        steps.put("gate, every invoice: phive Peppol BIS UBL", () -> phive.peppol(ubl));
        steps.put("gate, every invoice: French rules CII + UBL", () -> {
            french.check(cii, EInvoiceFormat.CII);
            return french.check(ubl, EInvoiceFormat.UBL);
        });
        steps.put("gate, once per template version: Mustang full (veraPDF PDF/A-3 + XML)", () -> mustang.facturX(fx, "bench.pdf"));

        Map<String, double[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Object>> step : steps.entrySet()) {
            for (int i = 0; i < warmup; i++) {
                step.getValue().get();
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                step.getValue().get();
                millis.add((System.nanoTime() - t0) / 1e6);
            }
            millis.sort(Double::compare);
            double mean = millis.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            results.put(step.getKey(), new double[] {mean, millis.get(millis.size() / 2), millis.get(millis.size() - 1)});
        }

        StringBuilder table = new StringBuilder("| step | mean | median | max |\n|---|---|---|---|\n");
        double everyInvoice = 0;
        for (Map.Entry<String, double[]> r : results.entrySet()) {
            table.append("| ").append(r.getKey()).append(" | ").append(String.format("%.1f ms", r.getValue()[0]))
                    .append(" | ").append(String.format("%.1f ms", r.getValue()[1])).append(" | ")
                    .append(String.format("%.1f ms", r.getValue()[2])).append(" |\n");
            if (r.getKey().startsWith("gate, every invoice")) {
                everyInvoice += r.getValue()[0];
            }
        }
        double full = results.get("gate, once per template version: Mustang full (veraPDF PDF/A-3 + XML)")[0];
        double xmlOnly = results.get("gate, every invoice: Mustang XML (schema, EN 16931, BR-FR)")[0];
        String report = """
                ## E-invoice build and validation gate

                One invoice of the scenario table (`canonical/scenarios/mixed.xml`: 4 lines, 2 VAT rates, a time-detail
                annex), every engine created once (phive's rule sets took %.0f ms to compile), %d warm-up runs, then %d
                timed runs of each step alone on one thread (`EInvoiceGateBenchmark`).

                %s
                Per invoice the gate costs about **%.0f ms** (the rows "every invoice"). Mustang's full validation costs
                **%.0f ms**, of which its XML part is about %.0f ms: veraPDF's PDF/A-3 check is the **%.0f ms** the hub
                saves on every invoice after the first of a template version (ADR 0020).

                Measured %s on %d cores (%s, Java %s), shared with other builds: figures are indicative.

                Reproduce:

                ```
                mvn -B -Pbench test -Dtest=EInvoiceGateBenchmark
                ```
                """.formatted(phiveSetup, warmup, runs, table, everyInvoice, full, xmlOnly, Math.max(0, full - xmlOnly),
                OffsetDateTime.now(ZoneOffset.UTC).withNano(0), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("java.version"));
        BenchReport.section(out, "einvoice-gate", report);
        System.out.println(report);
        return results;
    }
}
