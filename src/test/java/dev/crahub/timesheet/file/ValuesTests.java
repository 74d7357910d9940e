package dev.crahub.timesheet.file;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTests {

    @Test
    void decimalsInEveryLocale() {
        assertThat(Values.decimal("7.5")).isEqualByComparingTo("7.5");
        assertThat(Values.decimal("7,5")).isEqualByComparingTo("7.5");
        assertThat(Values.decimal("1\u00A0234,5")).isEqualByComparingTo("1234.5");
        assertThat(Values.decimal("1\u202F234,5")).isEqualByComparingTo("1234.5");
        assertThat(Values.decimal("1 234,5")).isEqualByComparingTo("1234.5");
        assertThat(Values.decimal("1,234.5")).isEqualByComparingTo("1234.5");
        assertThat(Values.decimal("1.234,5")).isEqualByComparingTo("1234.5");
        assertThatThrownBy(() -> Values.decimal("sept")).hasMessageContaining("'sept' is not a number");
    }

    @Test
    void durationsAsClockIsoDecimalOrDayFraction() {
        assertThat(Values.hours("7:30")).isEqualTo(new BigDecimal("7.50"));
        assertThat(Values.hours("01:30:00")).isEqualTo(new BigDecimal("1.50"));
        assertThat(Values.hours("00:20:00")).isEqualTo(new BigDecimal("0.33"));
        assertThat(Values.hours("PT1H30M")).isEqualTo(new BigDecimal("1.50"));
        assertThat(Values.hours("PT2H54M")).isEqualTo(new BigDecimal("2.90"));
        assertThat(Values.hours("7,25")).isEqualTo(new BigDecimal("7.25"));
        assertThat(Values.hours("2.333")).isEqualTo(new BigDecimal("2.33"));
        assertThat(Values.dayFraction(new BigDecimal("0.3125"))).isEqualTo(new BigDecimal("7.50"));
        assertThatThrownBy(() -> Values.hours("PTxx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Values.hours("seven")).hasMessageContaining("'seven' is not a duration");
    }

    @Test
    void datesInTheLocalesOrder() {
        assertThat(Values.date("2024-03-31", Locale.FRANCE)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(Values.date("31/03/2024", Locale.FRANCE)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(Values.date("03/31/2024", Locale.ENGLISH)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(Values.date("03/31/2024", Locale.US)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(Values.date("26.01.2015", Locale.GERMANY)).isEqualTo(LocalDate.of(2015, 1, 26));
        assertThat(Values.date("2014/06/23", Locale.JAPAN)).isEqualTo(LocalDate.of(2014, 6, 23));
        assertThat(Values.date("2024-03-04T09:00:00", Locale.FRANCE)).isEqualTo(LocalDate.of(2024, 3, 4));
        assertThatThrownBy(() -> Values.date("31/02/2024", Locale.FRANCE)).hasMessageContaining("'31/02/2024' is not a date");
    }

    @Test
    void timesAndLocalizedBooleans() {
        assertThat(Values.time("9:05")).isEqualTo(LocalTime.of(9, 5));
        assertThat(Values.time("02:00 PM")).isEqualTo(LocalTime.of(14, 0));
        assertThat(Values.time("2024-03-04T16:30:00")).isEqualTo(LocalTime.of(16, 30));
        assertThat(Values.bool("Oui")).isTrue();
        assertThat(Values.bool("Non")).isFalse();
        assertThat(Values.bool("Yes")).isTrue();
        assertThat(Values.bool("No")).isFalse();
        assertThat(Values.bool("はい")).isTrue();
        assertThat(Values.bool("いいえ")).isFalse();
        assertThat(Values.bool("")).isNull();
        assertThatThrownBy(() -> Values.bool("peut-être")).isInstanceOf(IllegalArgumentException.class);
    }
}
