package dev.crahub.einvoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.helger.commons.error.IError;
import com.helger.commons.error.level.EErrorLevel;
import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phive.api.execute.IValidationExecutorCacheSupport;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation;
import com.helger.phive.peppol.PeppolValidation2025_05;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;

import dev.crahub.system.SecureXml;

/**
 * The phive validators of the gate (ADR 0020): EN 16931 for CII and for UBL (rule set 1.3.14.2, the newest phive-rules
 * 3.2.15 holds) and Peppol BIS Billing 3.0 for UBL (the 2025.5 release). The registry is filled and every Schematron
 * compiled once, in the background from construction on (a few seconds, off the hub's start-up path: ADR 0034); a
 * validation asked before that waits for it. Validating is then thread-safe and takes milliseconds.
 * <p>
 * phive reads a DOM: the bytes are parsed here by {@link SecureXml} (DOCTYPE refused, no external entity), so phive
 * never parses untrusted input itself. A document that does not parse is one ERROR message, never an exception.
 * Severities: phive's fatal and error are {@link ValidationMessage.Severity#ERROR}, warn is WARNING, info NOTICE.
 */
@Component
public class PhiveValidation implements EInvoiceRules {

    public static final String EN16931_CII = "phive-en16931-cii";
    public static final String EN16931_UBL = "phive-en16931-ubl";
    public static final String PEPPOL = "phive-peppol";

    static final String UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String UBL_CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

    private static final Logger log = LoggerFactory.getLogger(PhiveValidation.class);

    /** The compiled rule sets; validating waits for them, never skips them (ADR 0034). */
    private final CompletableFuture<RuleSets> ruleSets;

    /** The five rule sets of the gate, each with its Schematron compiled. */
    private record RuleSets(IValidationExecutorSet<IValidationSourceXML> en16931Cii,
                            IValidationExecutorSet<IValidationSourceXML> en16931UblInvoice,
                            IValidationExecutorSet<IValidationSourceXML> en16931UblCreditNote,
                            IValidationExecutorSet<IValidationSourceXML> peppolInvoice,
                            IValidationExecutorSet<IValidationSourceXML> peppolCreditNote) {
    }

    /**
     * Starts compiling the rule sets on a thread of their own (a few seconds of CPU that would otherwise lie on the
     * hub's start-up path, ADR 0034) and returns at once. Every validation waits until they are ready; a rule set that
     * cannot be loaded fails each validation (the e-invoice is then not valid), and health says so.
     */
    public PhiveValidation() {
        ruleSets = new CompletableFuture<>();
        Thread warmup = new Thread(() -> {
            long began = System.nanoTime();
            try {
                ruleSets.complete(compile());
                log.info("phive rule sets compiled in {} ms", (System.nanoTime() - began) / 1_000_000);
            } catch (Throwable e) {
                log.error("phive rule sets could not be compiled: every e-invoice validation will fail", e);
                ruleSets.completeExceptionally(e);
            }
        }, "phive-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    private static RuleSets compile() {
        ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
        EN16931Validation.initEN16931(registry);
        PeppolValidation.initStandard(registry);
        return new RuleSets(
                load(registry, EN16931Validation.VID_CII_1314_2),
                load(registry, EN16931Validation.VID_UBL_INVOICE_1314_2),
                load(registry, EN16931Validation.VID_UBL_CREDIT_NOTE_1314_2),
                load(registry, PeppolValidation2025_05.VID_OPENPEPPOL_INVOICE_UBL_V3),
                load(registry, PeppolValidation2025_05.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3));
    }

    /** Whether the rule sets are compiled (false while they are, or if they failed). */
    public boolean ready() {
        return ruleSets.isDone() && !ruleSets.isCompletedExceptionally();
    }

    /** Whether compiling the rule sets failed: no e-invoice can pass the gate. */
    public boolean failed() {
        return ruleSets.isCompletedExceptionally();
    }

    /** Waits until the rule sets are compiled (a benchmark measuring their set-up); throws if they failed. */
    public PhiveValidation awaitReady() {
        ruleSets();
        return this;
    }

    /** The compiled rule sets, waiting for them if they are still being compiled. */
    private RuleSets ruleSets() {
        try {
            return ruleSets.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("the phive rule sets could not be compiled: " + e.getCause(), e.getCause());
        }
    }

    private static IValidationExecutorSet<IValidationSourceXML> load(
            ValidationExecutorSetRegistry<IValidationSourceXML> registry, DVRCoordinate id) {
        IValidationExecutorSet<IValidationSourceXML> set = registry.getOfID(id);
        if (set == null) {
            throw new IllegalStateException("phive holds no rule set " + id.getAsSingleID());
        }
        // compile every Schematron now, not on the first invoice
        set.getAllExecutors().forEach(executor -> {
            if (executor instanceof IValidationExecutorCacheSupport cached) {
                cached.ensureItemIsInCache();
            }
        });
        return set;
    }

    /** EN 16931 rules for a UN/CEFACT CII (D16B schema, as EN 16931 binds it; the Factur-X XML). */
    @Override
    public String name() {
        return "phive";
    }

    /**
     * The gate's part: EN 16931 on the Factur-X's CII and on the UBL, Peppol BIS Billing 3.0 on the UBL. A buyer known
     * only by e-mail (outside France, no Peppol id) has no Peppol address: its UBL cannot travel on Peppol, which the
     * code-list rule on the endpoint says (PEPPOL-EN16931-CL008); that one finding is kept as a warning, since no
     * channel of such a buyer is Peppol, and every other Peppol rule still stops the e-invoice.
     */
    @Override
    public List<ValidationMessage> check(EInvoiceFiles files) {
        List<ValidationMessage> messages = new ArrayList<>(cii(files.facturxCii()));
        messages.addAll(ubl(files.ubl()));
        boolean buyerOffPeppol = buyerAddressedByEmail(files.canonical());
        for (ValidationMessage m : peppol(files.ubl())) {
            messages.add(buyerOffPeppol && m.isError() && ENDPOINT_CODE_LIST.equals(m.rule())
                    && m.location() != null && m.location().contains("AccountingCustomerParty")
                    ? new ValidationMessage(m.validator(), ValidationMessage.Severity.WARNING, m.rule(), m.location(),
                            "the buyer has no Peppol address (e-mail only): this UBL is not for Peppol. " + m.text())
                    : m);
        }
        return messages;
    }

    private static final String ENDPOINT_CODE_LIST = "PEPPOL-EN16931-CL008";

    private static boolean buyerAddressedByEmail(byte[] canonical) {
        Document doc = SecureXml.parse(canonical);
        org.w3c.dom.NodeList buyers = doc.getElementsByTagNameNS("urn:crahub:invoice:1", "buyer");
        if (buyers.getLength() == 0) {
            return false;
        }
        org.w3c.dom.NodeList addresses = ((Element) buyers.item(0)).getElementsByTagNameNS("urn:crahub:invoice:1", "electronicAddress");
        return addresses.getLength() == 0 || "EM".equals(((Element) addresses.item(0)).getAttribute("scheme"));
    }

    public List<ValidationMessage> cii(byte[] xml) {
        return validate(EN16931_CII, xml, root -> ruleSets().en16931Cii());
    }

    /** EN 16931 rules for a UBL 2.1 Invoice or CreditNote, chosen by the root element. */
    public List<ValidationMessage> ubl(byte[] xml) {
        return validate(EN16931_UBL, xml, root -> isCreditNote(root) ? ruleSets().en16931UblCreditNote() : ruleSets().en16931UblInvoice());
    }

    /** Peppol BIS Billing 3.0 (EN 16931 plus the Peppol rules) for a UBL 2.1 Invoice or CreditNote. */
    public List<ValidationMessage> peppol(byte[] xml) {
        return validate(PEPPOL, xml, root -> isCreditNote(root) ? ruleSets().peppolCreditNote() : ruleSets().peppolInvoice());
    }

    private static boolean isCreditNote(Element root) {
        return UBL_CREDIT_NOTE_NS.equals(root.getNamespaceURI());
    }

    private interface RuleSetChoice {
        IValidationExecutorSet<IValidationSourceXML> of(Element root);
    }

    private static List<ValidationMessage> validate(String validator, byte[] xml, RuleSetChoice choice) {
        Document document;
        try {
            document = SecureXml.parse(xml);
        } catch (IllegalArgumentException e) {
            return List.of(new ValidationMessage(validator, ValidationMessage.Severity.ERROR, "XML", "/",
                    e.getMessage()));
        }
        IValidationExecutorSet<IValidationSourceXML> set = choice.of(document.getDocumentElement());
        ValidationResultList results = ValidationExecutionManager.executeValidation(set,
                ValidationSourceXML.create(null, document), Locale.ENGLISH);
        List<ValidationMessage> messages = new ArrayList<>();
        results.forEachFlattened(error -> messages.add(message(validator, error)));
        return List.copyOf(messages);
    }

    private static ValidationMessage message(String validator, IError error) {
        ValidationMessage.Severity severity;
        if (error.getErrorLevel().isGE(EErrorLevel.ERROR)) {
            severity = ValidationMessage.Severity.ERROR;
        } else if (error.getErrorLevel().isGE(EErrorLevel.WARN)) {
            severity = ValidationMessage.Severity.WARNING;
        } else {
            severity = ValidationMessage.Severity.NOTICE;
        }
        String location = error.getErrorFieldName();
        if ((location == null || location.isBlank()) && error.hasErrorLocation()) {
            location = error.getErrorLocation().getAsString();
        }
        String text = error.getErrorText(Locale.ENGLISH);
        if ((text == null || text.isBlank()) && error.hasLinkedException()) {
            text = error.getLinkedExceptionMessage();
        }
        return new ValidationMessage(validator, severity, error.getErrorID(), location,
                text == null ? "" : text.strip());
    }
}
