package dev.crahub.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.crahub.system.WorkingCalendar;

/**
 * The month-end benchmark's data, generated: {@code contracts} contracts of one consultant each, spread over several
 * clients (French and English, one approver each, the e-mail channel) and one or two sellers; every working day of the
 * month (French public holidays left out as the hub's {@link WorkingCalendar} does) 2 or 3 sessions with a comment, as
 * a generic CSV. Deterministic (seeded), and it knows each invoice's totals computed by hand: hours / 8 x daily rate,
 * rounded once to the cent, VAT 20 % rounded once.
 */
final class MonthEndData {

    static final BigDecimal HOURS_PER_DAY = new BigDecimal("8");
    static final BigDecimal VAT = new BigDecimal("0.20");

    /** What one contract's invoice must say. */
    record Expected(String contract, String client, String approverEmail, String billingEmail, BigDecimal hours,
                    BigDecimal dailyRate, BigDecimal net, BigDecimal vat, BigDecimal gross) {
    }

    final YearMonth month;
    final String referential;
    final String timesheet;
    final Map<String, Expected> expected = new LinkedHashMap<>();
    final int clients;
    final int sellers;
    final int workingDays;
    final int sessions;

    private static final String[] FIRST = {"Jean", "Alice", "Hugo", "Léa", "Karim", "Sofia", "Marc", "Inès", "Paul",
            "Chloé", "Yann", "Zoé", "Omar", "Émilie", "Lucas", "Nora"};
    private static final String[] LAST = {"Dupont", "Moreau", "Lefèvre", "Martin", "Bernard", "Petit", "Durand",
            "Leroy", "Roux", "Fournier", "Girard", "Bonnet", "Mercier", "Faure"};
    private static final String[] COMMENTS = {"Atelier de cadrage avec l'équipe comptable « clôture »",
            "Analyse des flux Factur-X, UBL et CII", "Développement du connecteur de facturation",
            "Recette \"bout en bout\" du lot 2", "Code review and pairing on the billing API",
            "Réunion de suivi hebdomadaire", "Migration des données clients, reprise de l'historique",
            "Performance tuning of the nightly batch", "Rédaction de la documentation d'exploitation",
            "Support de production, analyse d'incident", "Sprint planning and backlog grooming",
            "Tests de charge et rapport de résultats"};
    /** Splits of a day in quarter hours, 2 or 3 sessions, 7 to 8 hours. */
    private static final String[][] DAYS = {{"3.5", "4"}, {"4", "4"}, {"3", "2.5", "2"}, {"2.75", "3", "2.25"},
            {"3.5", "3.5"}, {"2", "3", "2.5"}, {"4.25", "3.5"}, {"1.5", "3", "3"}};

    MonthEndData(int contracts, YearMonth month) {
        this.month = month;
        this.clients = Math.max(1, Math.min(contracts, 10));
        this.sellers = contracts >= 2 ? 2 : 1;
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            if (WorkingCalendar.isWorkingDay(d)) {
                days.add(d);
            }
        }
        this.workingDays = days.size();
        StringBuilder yaml = new StringBuilder("sellers:\n");
        for (int s = 0; s < sellers; s++) {
            String siren = siren(12345670 + s * 1111);
            yaml.append(String.format(Locale.ROOT, """
                      - code: seller%d
                        name: Bench Conseil %d SAS
                        legalForm: SAS
                        shareCapital: 10000
                        registration: RCS Paris %s
                        siren: "%s"
                        vatNumber: %s
                        address:
                          lines: ["%d rue de la Paix"]
                          postcode: "75002"
                          city: Paris
                          country: FR
                        email: facturation@seller%d.example
                        iban: FR7630006000011234567890189
                        bic: AGRIFRPP
                        invoicePrefix: S%d
                    """, s, s + 1, siren, siren, vat(siren), 10 + s, s, s));
        }
        yaml.append("clients:\n");
        for (int c = 0; c < clients; c++) {
            String siren = siren(98765400 + c * 37);
            yaml.append(String.format(Locale.ROOT, """
                      - code: client%02d
                        name: Client %02d %s
                        siren: "%s"
                        vatNumber: %s
                        address:
                          lines: ["%d quai de Dion-Bouton"]
                          postcode: "92800"
                          city: Puteaux
                          country: FR
                        language: %s
                        approvers:
                          - name: %s %s
                            email: approver@client%02d.example
                        billing:
                          name: Comptabilité fournisseurs
                          email: billing@client%02d.example
                        channels:
                          - {type: email}
                    """, c, c, c % 2 == 0 ? "France SA" : "Europe Ltd", siren, vat(siren), 10 + c,
                    c % 2 == 0 ? "fr" : "en", FIRST[c % FIRST.length], LAST[c % LAST.length], c, c));
        }
        StringBuilder consultants = new StringBuilder("consultants:\n");
        StringBuilder contractsYaml = new StringBuilder("contracts:\n");
        StringBuilder csv = new StringBuilder("consultant,date,hours,project,comment\n");
        int sessionCount = 0;
        for (int i = 0; i < contracts; i++) {
            String consultant = String.format(Locale.ROOT, "k%05d", i);
            String contract = String.format(Locale.ROOT, "ctr-%05d", i);
            String project = String.format(Locale.ROOT, "P%05d", i);
            int client = i % clients;
            BigDecimal rate = new BigDecimal(400 + 25 * (i % 17)).setScale(2, RoundingMode.UNNECESSARY);
            consultants.append(String.format(Locale.ROOT, "  - code: %s\n    name: %s %s\n", consultant,
                    FIRST[i % FIRST.length], LAST[(i / FIRST.length) % LAST.length]));
            contractsYaml.append(String.format(Locale.ROOT, """
                      - code: %s
                        seller: seller%d
                        client: client%02d
                        label: Mission %s
                        consultants: [%s]
                        dailyRate: %s
                        currency: EUR
                        hoursPerDay: 8
                        vatRegime: STANDARD
                        vatRate: 20.00
                        paymentTermsDays: 30
                        validationDeadlineDays: 5
                        trackers:
                          - source: generic
                            project: %s
                    """, contract, i % sellers, client, project, consultant, rate.toPlainString(), project));
            Random random = new Random(i);
            BigDecimal hours = BigDecimal.ZERO;
            for (LocalDate day : days) {
                String[] split = DAYS[random.nextInt(DAYS.length)];
                for (String h : split) {
                    String comment = COMMENTS[random.nextInt(COMMENTS.length)];
                    csv.append(consultant).append(',').append(day).append(',').append(h).append(',').append(project)
                            .append(",\"").append(comment.replace("\"", "\"\"")).append("\"\n");
                    hours = hours.add(new BigDecimal(h));
                    sessionCount++;
                }
            }
            BigDecimal net = hours.multiply(rate).divide(HOURS_PER_DAY, 2, RoundingMode.HALF_UP);
            BigDecimal vatAmount = net.multiply(VAT).setScale(2, RoundingMode.HALF_UP);
            expected.put(contract, new Expected(contract, String.format(Locale.ROOT, "client%02d", client),
                    String.format(Locale.ROOT, "approver@client%02d.example", client),
                    String.format(Locale.ROOT, "billing@client%02d.example", client), hours, rate, net, vatAmount,
                    net.add(vatAmount)));
        }
        this.sessions = sessionCount;
        this.referential = yaml.append(consultants).append(contractsYaml).toString();
        this.timesheet = csv.toString();
    }

    /** A SIREN: 8 digits and the Luhn check digit. */
    static String siren(int base8) {
        String digits = String.format(Locale.ROOT, "%08d", base8);
        for (int check = 0; check <= 9; check++) {
            if (luhn(digits + check)) {
                return digits + check;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhn(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** The French VAT number of a SIREN: FR, key (12 + 3 x (SIREN mod 97)) mod 97, SIREN. */
    static String vat(String siren) {
        long key = (12 + 3 * (Long.parseLong(siren) % 97)) % 97;
        return String.format(Locale.ROOT, "FR%02d%s", key, siren);
    }
}
