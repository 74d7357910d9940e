package dev.crahub.document;

import dev.crahub.system.CrahubHome;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document engines, created once: stylesheets and FOP configuration are read from the home's {@code xsl/},
 * so an integrator's edit applies to the next document without a restart.
 */
@Configuration(proxyBeanMethods = false)
public class DocumentConfiguration {

    @Bean
    XslTransformer xslTransformer(CrahubHome home) {
        return new XslTransformer(home.xsl());
    }

    @Bean
    PdfRenderer pdfRenderer(CrahubHome home) {
        return new PdfRenderer(home.xsl());
    }

    @Bean
    ReceiptPages receiptPages(CrahubHome home) {
        return new ReceiptPages(home.xsl());
    }

    @Bean
    Labels labels(CrahubHome home) {
        return new Labels(home.xsl());
    }

    @Bean
    TemplateArchive templateArchive(CrahubHome home) {
        return new TemplateArchive(home.archive("templates"));
    }

    @Bean
    TemplateRenderer templateRenderer(TemplateArchive archive, XslTransformer xslTransformer, PdfRenderer pdfRenderer) {
        return new TemplateRenderer(archive, xslTransformer, pdfRenderer);
    }

    @Bean
    XmlSchemaValidator xmlSchemaValidator() {
        return new XmlSchemaValidator();
    }
}
