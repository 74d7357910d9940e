package dev.crahub.referential;

import java.util.List;

import dev.crahub.document.TemplateSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Parses, validates and stores a referential document: everything or nothing. */
@Component
public class ReferentialImporter {

    private static final Logger log = LoggerFactory.getLogger(ReferentialImporter.class);

    private final ReferentialParser parser;
    private final ReferentialValidator validator;
    private final ReferentialStore store;
    private final ApplicationEventPublisher events;
    private final TemplateSets templateSets;
    private final MailAccountCheck mailAccounts;

    public ReferentialImporter(ReferentialParser parser, ReferentialValidator validator, ReferentialStore store,
                               ApplicationEventPublisher events, TemplateSets templateSets,
                               org.springframework.beans.factory.ObjectProvider<MailAccountCheck> mailAccounts) {
        this.templateSets = templateSets;
        this.mailAccounts = mailAccounts.getIfAvailable(() -> MailAccountCheck.ANY);
        this.parser = parser;
        this.validator = validator;
        this.store = store;
        this.events = events;
    }

    /**
     * @return a one-line summary of what was stored
     * @throws InvalidReferentialException listing every problem; nothing is stored then
     */
    /** Refuses a file or body too big for the referential's limit before anyone reads it (see ReferentialParser). */
    public void checkSize(long bytes) {
        parser.checkSize(bytes);
    }

    /** The most bytes a referential document may take. */
    public long maxBytes() {
        return parser.maxBytes();
    }

    public ImportSummary load(byte[] document, String name) {
        Referential ref = parser.parse(document);
        List<String> problems = validator.validate(ref, store.knownCodes(), templateSets::problem, mailAccounts);
        if (!problems.isEmpty()) {
            throw new InvalidReferentialException(problems);
        }
        store.upsert(ref);
        events.publishEvent(new ReferentialChanged(name));
        ImportSummary summary = new ImportSummary(name, ref.sellers().size(), ref.clients().size(),
                ref.consultants().size(), ref.contracts().size());
        log.info("Referential {} loaded: {}", name, summary);
        return summary;
    }

    public record ImportSummary(String name, int sellers, int clients, int consultants, int contracts) {
    }
}
