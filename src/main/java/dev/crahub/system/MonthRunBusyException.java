package dev.crahub.system;

import java.time.YearMonth;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A month-end operation asked while the same one runs for that month (here or on another hub instance): a 409
 * whose problem details say who runs it and since when, so the second caller knows to wait rather than retry.
 */
public class MonthRunBusyException extends ErrorResponseException {

    private final transient MonthRuns.Holder holder;

    MonthRunBusyException(MonthOperation operation, YearMonth month, MonthRuns.Holder holder, String detail) {
        super(HttpStatus.CONFLICT, problem(operation, month, holder, detail), null);
        this.holder = holder;
    }

    private static ProblemDetail problem(MonthOperation operation, YearMonth month, MonthRuns.Holder holder,
                                         String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Already running");
        problem.setProperty("operation", operation.name().toLowerCase(java.util.Locale.ROOT));
        problem.setProperty("month", month.toString());
        if (holder != null) {
            problem.setProperty("startedAt", holder.startedAt());
            problem.setProperty("startedBy", holder.startedBy());
        }
        return problem;
    }

    /** Who holds the run (null if it could not be read in time). */
    public MonthRuns.Holder holder() {
        return holder;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
