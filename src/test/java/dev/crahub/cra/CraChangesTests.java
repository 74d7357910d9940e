package dev.crahub.cra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import dev.crahub.cra.CraChanges.Change;
import dev.crahub.cra.CraChanges.DayChange;
import org.junit.jupiter.api.Test;

class CraChangesTests {

    private static final String PREVIOUS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <cra xmlns="urn:crahub:cra:1" id="7" version="2" language="fr">
              <days>
                <day date="2026-10-01" consultant="jdupont" hours="7.50"/>
                <day date="2026-10-02" consultant="jdupont" hours="8.00"/>
                <day date="2026-10-02" consultant="amoreau" hours="8.00"/>
                <day date="2026-10-05" consultant="amoreau" hours="4.00"/>
              </days>
              <changes sinceVersion="1">
                <day date="2026-10-30" consultant="jdupont" change="ADDED" hoursAfter="8.00"/>
              </changes>
              <approval><day date="2026-10-02" outcome="REJECTED"/></approval>
            </cra>
            """;

    @Test
    void addedRemovedAndChangedDaysAreListedByDateThenConsultant() {
        Map<String, Map<String, BigDecimal>> now = new TreeMap<>();
        now.put("2026-10-01", new TreeMap<>(Map.of("jdupont", new BigDecimal("7.5"))));     // same hours, other scale
        now.put("2026-10-02", new TreeMap<>(Map.of("jdupont", new BigDecimal("4.00"))));    // changed; amoreau removed
        now.put("2026-10-05", new TreeMap<>(Map.of("amoreau", new BigDecimal("4.00"),       // unchanged
                "jdupont", new BigDecimal("3.25"))));                                        // added

        CraChanges changes = CraChanges.between(PREVIOUS, now);

        assertThat(changes.sinceVersion()).isEqualTo(2);
        assertThat(changes.days()).containsExactly(
                new DayChange(LocalDate.parse("2026-10-02"), "amoreau", Change.REMOVED, new BigDecimal("8.00"), null),
                new DayChange(LocalDate.parse("2026-10-02"), "jdupont", Change.CHANGED, new BigDecimal("8.00"), new BigDecimal("4.00")),
                new DayChange(LocalDate.parse("2026-10-05"), "jdupont", Change.ADDED, null, new BigDecimal("3.25")));
    }

    @Test
    void daysOfThePreviousChangesAndApprovalAreNotTakenForHours() {
        Map<String, Map<String, BigDecimal>> same = new TreeMap<>();
        same.put("2026-10-01", Map.of("jdupont", new BigDecimal("7.50")));
        same.put("2026-10-02", Map.of("jdupont", new BigDecimal("8.00"), "amoreau", new BigDecimal("8.00")));
        same.put("2026-10-05", Map.of("amoreau", new BigDecimal("4.00")));

        assertThat(CraChanges.between(PREVIOUS, same).days()).isEmpty();
    }

    @Test
    void aDayAtZeroHoursIsNoDay() {
        CraChanges changes = CraChanges.compare(1,
                Map.of("2026-10-01", Map.of("jdupont", new BigDecimal("0.00"))),
                Map.of("2026-10-01", Map.of("jdupont", BigDecimal.ZERO), "2026-10-02", Map.of("jdupont", BigDecimal.ONE)));

        assertThat(changes.days()).extracting(DayChange::change).containsExactly(Change.ADDED);
    }

    @Test
    void aPreviousDocumentWithADoctypeIsRefused() {
        String hostile = """
                <?xml version="1.0"?>
                <!DOCTYPE cra [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <cra xmlns="urn:crahub:cra:1" version="1"><days><day date="2026-10-01" consultant="&x;" hours="1"/></days></cra>
                """;

        assertThatThrownBy(() -> CraChanges.between(hostile, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE");
    }
}
