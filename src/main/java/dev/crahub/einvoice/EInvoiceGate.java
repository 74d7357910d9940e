package dev.crahub.einvoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.crahub.einvoice.EInvoiceSettings.PdfaCheck;
import dev.crahub.einvoice.ValidationMessage.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The validation gate every e-invoice passes before any channel may send it (ADR 0020). On every invoice: the
 * structural checks of the Factur-X ({@link FacturXInspection}), Mustang's XML validation of the CII (schema, EN 16931,
 * French rules as errors) and every {@link EInvoiceRules} bean (phive EN 16931 on CII and UBL, Peppol BIS on UBL, the
 * French rules on UBL). Full PDF/A-3 validation (veraPDF through Mustang) runs on the first Factur-X of each template
 * version, whose verdict then holds for the invoices rendered with it (or on every one, by setting). Any ERROR makes the
 * e-invoice INVALID. Timings go to {@code crahub.einvoice.validation{validator}}, verdicts to
 * {@code crahub.einvoice.gate{outcome}}.
 */
@Component("einvoiceGate")
public class EInvoiceGate {

    private final MustangValidation mustang;
    private final FacturXInspection inspection;
    private final List<EInvoiceRules> rules;
    private final EInvoiceStore store;
    private final EInvoiceSettings settings;
    private final MeterRegistry meters;

    public EInvoiceGate(MustangValidation mustang, FacturXInspection inspection, List<EInvoiceRules> rules,
                        EInvoiceStore store, EInvoiceSettings settings, MeterRegistry meters) {
        this.mustang = mustang;
        this.inspection = inspection;
        this.rules = List.copyOf(rules);
        this.store = store;
        this.settings = settings;
        this.meters = meters;
    }

    /** The verdict on one built e-invoice. */
    public record Verdict(EInvoiceFiles files, EInvoiceStatus status, List<ValidationMessage> messages) {

        public List<ValidationMessage> errors() {
            return messages.stream().filter(ValidationMessage::isError).toList();
        }
    }

    public Verdict validate(EInvoiceFiles files) {
        List<ValidationMessage> messages = new ArrayList<>(timed("facturx-structure",
                () -> inspection.inspect(files.facturx(), files.facturxCii())));
        messages.addAll(pdfA(files));
        MustangValidation.Report cii = timed("mustang-xml", () -> mustang.cii(files.cii(), files.invoiceNumber() + "-cii.xml"));
        messages.addAll(cii.messages());
        for (EInvoiceRules r : rules) {
            messages.addAll(timed(r.name(), () -> r.check(files)));
        }
        EInvoiceStatus status = messages.stream().anyMatch(ValidationMessage::isError) ? EInvoiceStatus.INVALID : EInvoiceStatus.VALID;
        meters.counter("crahub.einvoice.gate", "outcome", status.name().toLowerCase(java.util.Locale.ROOT)).increment();
        return new Verdict(files, status, List.copyOf(messages));
    }

    /** Full PDF/A-3 validation: once per template version (its verdict recorded), or on every invoice. */
    private List<ValidationMessage> pdfA(EInvoiceFiles files) {
        String version = files.templateVersion();
        boolean everyInvoice = settings.pdfaCheck() == PdfaCheck.EVERY_INVOICE || version == null;
        if (!everyInvoice) {
            Optional<EInvoiceStore.TemplateCheck> done = store.templateCheck(version);
            if (done.isPresent()) {
                EInvoiceStore.TemplateCheck check = done.get();
                if (check.status() == EInvoiceStatus.VALID) {
                    return List.of();
                }
                List<ValidationMessage> refused = new ArrayList<>();
                refused.add(new ValidationMessage(MustangValidation.PDF, Severity.ERROR, "PDF/A template version", null,
                        "template version " + version.substring(0, 12) + " failed PDF/A-3 checking on invoice "
                                + check.invoiceNumber() + ": fix the template, then rebuild"));
                refused.addAll(check.messages().stream().filter(m -> m.validator().equals(MustangValidation.PDF)).toList());
                return refused;
            }
        }
        long start = System.nanoTime();
        MustangValidation.Report full = timed("mustang-full", () -> mustang.facturX(files.facturx(), files.invoiceNumber() + ".pdf"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the XML part is validated on the CII for every invoice: only the PDF part is this check's
        List<ValidationMessage> pdf = full.messages().stream().filter(m -> m.validator().equals(MustangValidation.PDF)).toList();
        if (!everyInvoice) {
            store.templateChecked(version, full.pdfValid() && pdf.stream().noneMatch(ValidationMessage::isError)
                    ? EInvoiceStatus.VALID : EInvoiceStatus.INVALID, files.invoiceId(), pdf, millis);
        }
        return pdf;
    }

    private <T> T timed(String validator, java.util.function.Supplier<T> check) {
        return Timer.builder("crahub.einvoice.validation").tag("validator", validator)
                .description("Time the e-invoice gate spends in one validator")
                .register(meters).record(check);
    }
}
