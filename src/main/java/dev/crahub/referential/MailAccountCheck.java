package dev.crahub.referential;

import java.util.Optional;

/**
 * Whether a mailbox a seller or contract names ({@code mailAccount}, {@code mail.account}) is configured
 * ({@code crahub.mail.accounts.<name>}, ADR 0023): why not, or empty when it is. Implemented where the mailboxes are
 * known (the delivery feature), so a referential naming an unknown mailbox is refused at load, not at month end.
 */
@FunctionalInterface
public interface MailAccountCheck {

    Optional<String> problem(String name);

    /** Where no mailbox configuration is at hand: any well-formed name passes. */
    MailAccountCheck ANY = name -> Optional.empty();
}
