package dev.crahub.cra;

import java.time.YearMonth;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which contracts get a CRA for a month: those running that month with billable time recorded on them. */
@Component
public class CraPlanner {

    private final JdbcClient jdbc;

    public CraPlanner(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> contractsToBuild(String month) {
        return contractsToBuild(month, null);
    }

    /** Those of one seller only when {@code seller} is set (its scheduled build). */
    public List<String> contractsToBuild(String month, String seller) {
        YearMonth ym = YearMonth.parse(month);
        return jdbc.sql("""
                SELECT k.code FROM contract k
                WHERE (CAST(:seller AS VARCHAR) IS NULL OR k.seller_code = :seller)
                  AND (k.start_date IS NULL OR k.start_date <= :last)
                  AND (k.end_date IS NULL OR k.end_date >= :first)
                  AND EXISTS (SELECT 1 FROM time_entry t
                              WHERE t.contract_code = k.code AND t.work_date BETWEEN :first AND :last
                                AND t.billable AND NOT t.deleted)
                ORDER BY k.code
                """)
                .param("first", ym.atDay(1)).param("last", ym.atEndOfMonth()).param("seller", seller)
                .query(String.class).list();
    }
}
