package dev.crahub.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The demo's timesheet: a month of plausible sessions on the demo contracts, as a generic CSV. Generated for the
 * month before "now" so that the demo always has a month to close.
 */
final class DemoData {

    private static final List<String> GLOBEX_WORK = List.of(
            "Atelier de cadrage avec la comptabilité fournisseurs",
            "Analyse des flux Factur-X et UBL",
            "Développement du connecteur de saisie des temps",
            "Revue de code et tests d'intégration",
            "Recette avec l'équipe \"clôture\" ; corrections",
            "Point hebdomadaire, suivi du planning");
    private static final List<String> INITECH_WORK = List.of(
            "Threat modelling workshop",
            "Review of the payment API authentication",
            "Penetration tests, TPS report module",
            "Findings write-up and remediation plan");

    private DemoData() {
    }

    static String timesheetCsv(YearMonth month) {
        StringBuilder csv = new StringBuilder("consultant,date,hours,project,comment\n");
        int n = 0;
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            n++;
            // Jean: full days, split in two sessions
            csv.append(row("jdupont", day, "3.5", "GLOBEX-FACT", GLOBEX_WORK.get(n % GLOBEX_WORK.size())));
            csv.append(row("jdupont", day, "4", "GLOBEX-FACT", GLOBEX_WORK.get((n + 1) % GLOBEX_WORK.size())));
            // Alice: three days a week
            if (day.getDayOfWeek().getValue() <= 3) {
                csv.append(row("amoreau", day, "7:30", "GLOBEX-FACT", GLOBEX_WORK.get((n + 2) % GLOBEX_WORK.size())));
            }
            // Karim: the audit, on Thursdays and Fridays
            if (day.getDayOfWeek().getValue() >= 4) {
                csv.append(row("kbenali", day, "8", "INITECH-AUDIT", INITECH_WORK.get(n % INITECH_WORK.size())));
            }
        }
        return csv.toString();
    }

    private static String row(String consultant, LocalDate day, String hours, String project, String comment) {
        return consultant + "," + day + "," + hours + "," + project + ",\"" + comment.replace("\"", "\"\"") + "\"\n";
    }
}
