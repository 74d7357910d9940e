package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One session of work as a source reported it, before mapping: the canonical shape every file reader, API connector
 * and push call produces. Who (consultant) and what (contract) it belongs to is resolved afterwards by
 * {@link EntryMapper} from the referential's rules.
 *
 * @param source     the source name: {@code generic}, {@code toggl}, or a connector instance name
 * @param externalId the tracker's own entry id, or a stable fingerprint when the source has none
 * @param userId     the tracker's user id (or, in generic files, the consultant code)
 * @param start      when known, with its offset
 * @param billable   {@code null} when the source does not say (then billable)
 * @param deleted    the source says the entry was deleted
 */
public record TrackedEntry(
        String source,
        String externalId,
        String userId,
        String userEmail,
        String userName,
        String client,
        String project,
        String task,
        LocalDate date,
        OffsetDateTime start,
        OffsetDateTime end,
        BigDecimal hours,
        Boolean billable,
        String comment,
        boolean deleted) {

    /** The user as people read it: name, else e-mail, else id. */
    public String user() {
        return userName != null ? userName : userEmail != null ? userEmail : userId;
    }
}
