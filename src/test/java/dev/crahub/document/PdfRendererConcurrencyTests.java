package dev.crahub.document;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents rendered at once on several threads by one renderer (an issue and e-invoice builds together): FOP reads its
 * configuration, a DOM that is not safe for concurrent reads, when it sets a document up; unguarded, this failed with
 * "Cannot assign field fChildIndex" and once, in a crash test, left a hub whose every PDF/A was refused for a base-14
 * font ("Offending font: /Times-Bold"). The renderer sets documents up one at a time, and renders them in parallel.
 */
class PdfRendererConcurrencyTests {

    @Test
    void firstRenderingsOnManyThreadsAllEmbedTheirFonts() throws Exception {
        byte[] fo = new XslTransformer(TestDocuments.XSL).transform("invoice-fo.xsl", TestDocuments.sample("invoice-lines-sample.xml"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 6; round++) {
                PdfRenderer renderer = new PdfRenderer(TestDocuments.XSL);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<byte[]>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return renderer.renderPdfA(fo);
                    }));
                }
                start.countDown();
                for (Future<byte[]> r : results) {
                    assertThat(new String(r.get(), java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF-")
                            .contains("<pdfaid:part>3</pdfaid:part>").doesNotContain("/BaseFont /Times");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
