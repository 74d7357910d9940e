package dev.crahub.delivery;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A dispatch run that cannot start as asked (422): the invoices of its selection that are not of the month, do not
 * exist (never issued), or were sent already or are being sent, each named with its reason ({@code refused}), so the
 * billing team fixes the selection rather than guess; or a personal message that cannot be used.
 */
public class DispatchRunRefusedException extends ErrorResponseException {

    /** One invoice refused, and why. */
    public record Refused(long invoiceId, String number, String reason) {
    }

    public DispatchRunRefusedException(String detail, List<Refused> refused) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, problem(detail, refused), null);
    }

    private static ProblemDetail problem(String detail, List<Refused> refused) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
        problem.setTitle("Dispatch run refused");
        if (!refused.isEmpty()) {
            problem.setProperty("refused", refused.stream()
                    .map(r -> r.number() == null ? Map.<String, Object>of("invoiceId", r.invoiceId(), "reason", r.reason())
                            : Map.<String, Object>of("invoiceId", r.invoiceId(), "number", r.number(), "reason", r.reason()))
                    .toList());
        }
        return problem;
    }
}
