package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.referential.BillingTerms;
import dev.crahub.referential.BillingTerms.Rounding;
import dev.crahub.referential.BillingTerms.Unit;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ContractTerms;
import dev.crahub.referential.VatRegime;
import dev.crahub.timesheet.TimeEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Billed quantities and amounts, every expected figure worked out by hand in the comments. */
class TimeBillingTests {

    private static final LocalDate START = LocalDate.of(2026, 11, 1);
    private static final LocalDate END = LocalDate.of(2026, 11, 30);

    private static TimeEntry entry(String consultant, int day, String hours) {
        return new TimeEntry("generic", consultant + day + hours, consultant, "c", "P", LocalDate.of(2026, 11, day),
                new BigDecimal(hours), "", true);
    }

    /** {@code hours} on each of the given days of November 2026. */
    private static List<TimeEntry> days(String consultant, String hours, int... days) {
        List<TimeEntry> list = new ArrayList<>();
        for (int d : days) {
            list.add(entry(consultant, d, hours));
        }
        return list;
    }

    private static Contract contract(String rate, String hoursPerDay, BillingTerms billing, List<ContractTerms> terms) {
        return new Contract("c", "s", "cl", "Run", List.of("a"), new BigDecimal(rate), "EUR", new BigDecimal(hoursPerDay),
                VatRegime.STANDARD, new BigDecimal("20.00"), 30, null, 5, LocalDate.of(2026, 1, 1), null, List.of(), false,
                List.of(), null, null, billing, terms);
    }

    private static List<BilledTime> bill(Contract contract, List<TimeEntry> entries) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("a", "Alice");
        names.put("b", "Bob");
        return TimeBilling.lines(entries, names, contract, START, END);
    }

    @Test
    void theDemoMonthBillsExactDaysNotDaysRoundedBeforePricing() {
        // 31 sessions of 8 h + 1 of 7 h = 255 h; 255 / 8 = 31.875 days; 31.875 x 650 = 20 718.75 (not 31.88 x 650 = 20 722.00)
        List<TimeEntry> entries = new ArrayList<>();
        for (int d = 1; d <= 30; d++) {
            entries.add(entry("a", d, "8"));
        }
        entries.add(entry("a", 30, "15"));
        List<BilledTime> lines = bill(contract("650.00", "8", null, null), entries);
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.hours()).isEqualByComparingTo("255");
            assertThat(l.quantity()).isEqualByComparingTo("31.875");
            assertThat(l.unitCode()).isEqualTo("DAY");
            assertThat(l.unitPrice()).isEqualByComparingTo("650.00");
            assertThat(l.baseQuantity()).isEqualByComparingTo("1");
            assertThat(l.amount()).isEqualByComparingTo("20718.75");
            assertThat(l.days()).isEqualByComparingTo("31.875");
            assertThat(l.from()).isEqualTo(START);
            assertThat(l.to()).isEqualTo(END);
        });
    }

    @Test
    void hoursThatDoNotDivideIntoDaysAreBilledAsHoursAtTheDailyRatePerDay() {
        // 3 x 2.5 h = 7.5 h at 7 h/day: 7.5 / 7 = 1.0714285... never exact in days;
        // billed as 7.5 HUR at 650.00 per 7 HUR = 7.5 x 650 / 7 = 696.428571... -> 696.43
        List<BilledTime> lines = bill(contract("650.00", "7", null, null), days("a", "2.5", 2, 3, 4));
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualByComparingTo("7.5");
            assertThat(l.unitCode()).isEqualTo("HUR");
            assertThat(l.unitPrice()).isEqualByComparingTo("650.00");
            assertThat(l.baseQuantity()).isEqualByComparingTo("7");
            assertThat(l.amount()).isEqualByComparingTo("696.43");
            assertThat(l.days()).isEqualByComparingTo("1.0714");
        });
    }

    @Test
    void daysNeedingMoreThanFourDecimalsAreBilledAsHoursSoThatTheEInvoiceCarriesThem() {
        // 157.33 h / 8 = 19.66625 days: exact, but 5 decimals, one more than e-invoices carry (BR-FR-DEC-02):
        // billed as 157.33 HUR at 650.00 per 8 HUR = 157.33 x 650 / 8 = 12 783.0625 -> 12 783.06
        List<TimeEntry> entries = new ArrayList<>();
        for (int d = 1; d <= 20; d++) {
            entries.add(entry("a", d, d == 20 ? "5.33" : "8"));
        }
        List<BilledTime> lines = bill(contract("650.00", "8", null, null), entries);
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.hours()).isEqualByComparingTo("157.33");
            assertThat(l.quantity()).isEqualByComparingTo("157.33");
            assertThat(l.unitCode()).isEqualTo("HUR");
            assertThat(l.unitPrice()).isEqualByComparingTo("650.00");
            assertThat(l.baseQuantity()).isEqualByComparingTo("8");
            assertThat(l.amount()).isEqualByComparingTo("12783.06");
        });
        // 157.34 h / 8 = 19.6675 days: 4 decimals, billed in days: 19.6675 x 650 = 12 783.875 -> 12 783.88
        entries.set(19, entry("a", 20, "5.34"));
        assertThat(bill(contract("650.00", "8", null, null), entries)).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualByComparingTo("19.6675");
            assertThat(l.unitCode()).isEqualTo("DAY");
            assertThat(l.amount()).isEqualByComparingTo("12783.88");
        });
    }

    @Test
    void quarterDayRoundingGoesToTheNearestQuarterHalvesUp() {
        // 9 h / 8 = 1.125 days = 4.5 quarters -> 5 quarters = 1.25 days; 1.25 x 600 = 750.00
        List<BilledTime> up = bill(contract("600.00", "8", new BillingTerms(Unit.DAY, Rounding.QUARTER_DAY), null),
                days("a", "9", 2));
        assertThat(up).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualByComparingTo("1.25");
            assertThat(l.amount()).isEqualByComparingTo("750.00");
        });
        // 8.9 h / 8 = 1.1125 days = 4.45 quarters -> 4 quarters = 1.00 day
        List<BilledTime> down = bill(contract("600.00", "8", new BillingTerms(Unit.DAY, Rounding.QUARTER_DAY), null),
                days("a", "8.9", 2));
        assertThat(down.get(0).quantity()).isEqualByComparingTo("1.00");
    }

    @Test
    void halfDayRoundingAppliesToTheMonthsTotalNotToEachDay() {
        // 3 x 3 h = 9 h at 7 h/day = 1.2857 days = 2.57 halves -> 3 halves = 1.5 days; 1.5 x 700 = 1 050.00
        // (per day: 3 h = 0.43 day = 0.86 half -> 1 half each -> 1.5 days too, but 2 x 3 h would differ, below)
        List<BilledTime> lines = bill(contract("700.00", "7", new BillingTerms(Unit.DAY, Rounding.HALF_DAY), null),
                days("a", "3", 2, 3, 4));
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("1.5");
        assertThat(lines.get(0).amount()).isEqualByComparingTo("1050.00");
        // 2 x 3 h = 6 h = 0.857 day = 1.71 halves -> 2 halves = 1.0 day (per-day rounding would say 2 x 0.5 = 1.0 too)
        // 5 x 1 h = 5 h = 0.714 day = 1.43 halves -> 1 half = 0.5 day (per-day rounding: 5 x 0 = 0)
        List<BilledTime> small = bill(contract("700.00", "7", new BillingTerms(Unit.DAY, Rounding.HALF_DAY), null),
                days("a", "1", 2, 3, 4, 5, 6));
        assertThat(small.get(0).quantity()).isEqualByComparingTo("0.5");
        assertThat(small.get(0).amount()).isEqualByComparingTo("350.00");
    }

    @Test
    void aHalfDayUnitBillsDaysInHalves() {
        // unit HALF_DAY, no rounding named: 10 h / 8 = 1.25 days = 2.5 halves -> 3 halves = 1.5 days x 640 = 960.00
        List<BilledTime> lines = bill(contract("640.00", "8", new BillingTerms(Unit.HALF_DAY, Rounding.NONE), null),
                days("a", "10", 2));
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("1.5");
        assertThat(lines.get(0).unitCode()).isEqualTo("DAY");
        assertThat(lines.get(0).unit()).isEqualTo("HALF_DAY");
        assertThat(lines.get(0).amount()).isEqualByComparingTo("960.00");
    }

    @Test
    void anHourlyUnitPricesTheHourExactlyOrPerBaseQuantity() {
        // 650 / 8 = 81.25 an hour exactly: 255 h x 81.25 = 20 718.75
        List<BilledTime> eight = bill(contract("650.00", "8", new BillingTerms(Unit.HOUR, Rounding.NONE), null),
                days("a", "8.5", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                        26, 27, 28, 29, 30));
        assertThat(eight.get(0).quantity()).isEqualByComparingTo("255");
        assertThat(eight.get(0).unitCode()).isEqualTo("HUR");
        assertThat(eight.get(0).unitPrice()).isEqualByComparingTo("81.25");
        assertThat(eight.get(0).baseQuantity()).isEqualByComparingTo("1");
        assertThat(eight.get(0).amount()).isEqualByComparingTo("20718.75");
        // 650 / 7 = 92.857142... an hour: price stays 650 per 7 HUR; 10 h x 650 / 7 = 928.571... -> 928.57
        List<BilledTime> seven = bill(contract("650.00", "7", new BillingTerms(Unit.HOUR, Rounding.NONE), null),
                days("a", "5", 2, 3));
        assertThat(seven.get(0).unitPrice()).isEqualByComparingTo("650.00");
        assertThat(seven.get(0).baseQuantity()).isEqualByComparingTo("7");
        assertThat(seven.get(0).amount()).isEqualByComparingTo("928.57");
    }

    @Test
    void aRateChangeOnTheFifteenthSplitsTheMonthAtTheFifteenth() {
        // 650 until the 14th, 700 from the 15th. Alice: 8 h on 2..6, 9..13 (10 days) then 16..20 (5 days)
        // -> 10.00 days x 650 = 6 500.00 (1-14) and 5.00 days x 700 = 3 500.00 (15-30). Bob: only after: 2 x 4 h = 1 day.
        Contract contract = contract("650.00", "8", null,
                List.of(new ContractTerms(LocalDate.of(2026, 11, 15), new BigDecimal("700.00"), null, null, null, null, null)));
        List<TimeEntry> entries = new ArrayList<>(days("a", "8", 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20));
        entries.addAll(days("b", "4", 23, 24));
        List<BilledTime> lines = bill(contract, entries);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).satisfies(l -> {
            assertThat(l.consultant()).isEqualTo("a");
            assertThat(l.from()).isEqualTo(START);
            assertThat(l.to()).isEqualTo(LocalDate.of(2026, 11, 14));
            assertThat(l.quantity()).isEqualByComparingTo("10");
            assertThat(l.amount()).isEqualByComparingTo("6500.00");
        });
        assertThat(lines.get(1)).satisfies(l -> {
            assertThat(l.from()).isEqualTo(LocalDate.of(2026, 11, 15));
            assertThat(l.to()).isEqualTo(END);
            assertThat(l.unitPrice()).isEqualByComparingTo("700.00");
            assertThat(l.amount()).isEqualByComparingTo("3500.00");
        });
        assertThat(lines.get(2)).satisfies(l -> {
            assertThat(l.consultant()).isEqualTo("b");
            assertThat(l.quantity()).isEqualByComparingTo("1");
            assertThat(l.amount()).isEqualByComparingTo("700.00");
        });
        // the CRA's per-consultant figures add the spans: Alice 120 h, 15 days
        List<ConsultantActivity> activity = ActivityCalculator.perConsultant(lines);
        assertThat(activity).extracting(ConsultantActivity::code).containsExactly("a", "b");
        assertThat(activity.get(0).hours()).isEqualByComparingTo("120");
        assertThat(activity.get(0).days()).isEqualByComparingTo("15");
    }

    @Test
    void changesThatDoNotPriceTimeDoNotSplitAndChangesBeforeTheMonthApplyWhole() {
        // payment terms change on the 10th: one line; a rate change on Oct 20 applies to all of November
        Contract contract = contract("650.00", "8", null, List.of(
                new ContractTerms(LocalDate.of(2026, 10, 20), new BigDecimal("680.00"), null, null, null, null, null),
                new ContractTerms(LocalDate.of(2026, 11, 10), null, null, null, null, 45, null)));
        List<BilledTime> lines = bill(contract, days("a", "8", 2, 12));
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualByComparingTo("2");
            assertThat(l.amount()).isEqualByComparingTo("1360.00"); // 2 x 680
        });
        assertThat(contract.termsOn(END).paymentTermsDays()).isEqualTo(45);
        assertThat(contract.termsOn(LocalDate.of(2026, 11, 9)).paymentTermsDays()).isEqualTo(30);
    }

    @Test
    void aVatChangeMidMonthSplitsTheLinesByVat() {
        // the buyer becomes a reverse-charge buyer on the 16th: 8 h on the 2nd (S 20 %), 8 h on the 20th (AE 0 %)
        Contract contract = contract("500.00", "8", null, List.of(new ContractTerms(LocalDate.of(2026, 11, 16), null, null,
                VatRegime.REVERSE_CHARGE, BigDecimal.ZERO, null, null)));
        List<BilledTime> lines = bill(contract, days("a", "8", 2, 20));
        assertThat(lines).extracting(BilledTime::vatCategory).containsExactly("S", "AE");
        assertThat(lines).extracting(BilledTime::amount).allSatisfy(a -> assertThat(a).isEqualByComparingTo("500.00"));
    }

    @Test
    void aContractBilledOnOneLineRoundsOnceOnTheTeamsTotal() {
        // the demo month: Jean 21 x 7.5 h = 157.5 h, Alice 13 x 7.5 h = 97.5 h, 650.00 a day of 8 h
        // per consultant: 157.5 / 8 = 19.6875 d x 650 = 12 796.875 -> 12 796.88; 97.5 / 8 = 12.1875 d -> 7 921.875
        //   -> 7 921.88; two lines, 20 718.76 (EN 16931 rounds each line)
        // per contract: 255 / 8 = 31.875 d x 650 = 20 718.75 on one line
        List<TimeEntry> entries = new ArrayList<>(days("a", "7.5", 2, 3, 4, 5, 6, 9, 10, 12, 13, 16, 17, 18, 19, 20, 23, 24,
                25, 26, 27, 30, 11));
        entries.addAll(days("b", "7.5", 2, 3, 4, 9, 10, 11, 16, 17, 18, 23, 24, 25, 30));
        List<BilledTime> perConsultant = bill(contract("650.00", "8", null, null), entries);
        assertThat(perConsultant).extracting(BilledTime::amount).containsExactly(new BigDecimal("12796.88"),
                new BigDecimal("7921.88"));
        Contract oneLine = contract("650.00", "8", new BillingTerms(Unit.DAY, Rounding.NONE, BillingTerms.Lines.PER_CONTRACT),
                null);
        List<BilledTime> team = bill(oneLine, entries);
        assertThat(team).singleElement().satisfies(l -> {
            assertThat(l.consultant()).isNull();
            assertThat(l.hours()).isEqualByComparingTo("255");
            assertThat(l.quantity()).isEqualByComparingTo("31.875");
            assertThat(l.amount()).isEqualByComparingTo("20718.75");
        });
        // the CRA still shows each consultant
        Map<String, String> names = new LinkedHashMap<>();
        names.put("a", "Alice");
        names.put("b", "Bob");
        assertThat(ActivityCalculator.perConsultant(TimeBilling.perConsultant(entries, names, oneLine, START, END)))
                .extracting(ConsultantActivity::days).containsExactly(new BigDecimal("19.6875"), new BigDecimal("12.1875"));
    }

    @Test
    void theDailyTableSumsSessionsPerDayAndConsultant() {
        var perDay = ActivityCalculator.perDay(List.of(entry("a", 2, "3.5"), entry("a", 2, "4"), entry("b", 1, "1")));
        assertThat(perDay.keySet()).containsExactly("2026-11-01", "2026-11-02");
        assertThat(perDay.get("2026-11-02").get("a")).isEqualByComparingTo("7.5");
    }
}
