package dev.crahub.document;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A normal month as a CRA document: two consultants working every working day of October 2026, some days split in
 * two sessions (about 55 sessions), one-line comments, project codes as trackers name them. Built from the canonical
 * sample, so it is what {@code CraXmlWriter} writes.
 */
final class CraMonthSamples {

    private static final String NS = "urn:crahub:cra:1";
    private static final String[] COMMENTS = {
            "Atelier de cadrage avec l'équipe comptable sur la clôture",
            "Développement du connecteur Factur-X, revue de code",
            "Recette des flux de facturation avec le client",
            "Correction des anomalies remontées en recette",
            "Réunion de suivi hebdomadaire et mise à jour du planning",
            "Analyse des écarts entre CRA et factures émises",
            "Migration des données de référence vers la nouvelle base",
    };
    private static final String[] PROJECTS = { "GLOBEX-PLATFORM", "GLOBEX-PLATFORM-MIGRATION", "GLOBEX-RUN" };

    private CraMonthSamples() {
    }

    /** October 2026, two consultants, {@code sessions} sessions in all (about 55 for a normal month). */
    static byte[] normalMonth() {
        Document doc = TestDocuments.parse(TestDocuments.sample("cra-sample.xml"));
        Element root = doc.getDocumentElement();
        List<String[]> sessions = new ArrayList<>(); // date, consultant, hours, project, comment
        int n = 0;
        for (LocalDate d = LocalDate.of(2026, 10, 1); d.getMonthValue() == 10; d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            for (String consultant : new String[] { "jdupont", "amoreau" }) {
                if (consultant.equals("amoreau") && d.getDayOfMonth() % 9 == 0) {
                    continue; // a day off now and then
                }
                if (n % 4 == 1) {
                    sessions.add(new String[] { d.toString(), consultant, "3.50", PROJECTS[n % 3], COMMENTS[n % 7] });
                    n++;
                    sessions.add(new String[] { d.toString(), consultant, "4.50", PROJECTS[n % 3], COMMENTS[n % 7] });
                } else {
                    sessions.add(new String[] { d.toString(), consultant, "8.00", PROJECTS[n % 3], COMMENTS[n % 7] });
                }
                n++;
            }
        }
        Map<String, BigDecimal> hours = new LinkedHashMap<>();
        Map<String, Map<String, BigDecimal>> perDay = new TreeMap<>();
        for (String[] s : sessions) {
            hours.merge(s[1], new BigDecimal(s[2]), BigDecimal::add);
            perDay.computeIfAbsent(s[0], k -> new TreeMap<>()).merge(s[1], new BigDecimal(s[2]), BigDecimal::add);
        }
        Element days = child(root, "days");
        clear(days);
        perDay.forEach((date, byConsultant) -> byConsultant.forEach((consultant, h) -> {
            Element day = doc.createElementNS(NS, "day");
            day.setAttribute("date", date);
            day.setAttribute("consultant", consultant);
            day.setAttribute("hours", h.toPlainString());
            days.appendChild(day);
        }));
        Element entries = child(root, "entries");
        clear(entries);
        for (String[] s : sessions) {
            Element entry = doc.createElementNS(NS, "entry");
            entry.setAttribute("date", s[0]);
            entry.setAttribute("consultant", s[1]);
            entry.setAttribute("hours", s[2]);
            entry.setAttribute("project", s[3]);
            Element comment = doc.createElementNS(NS, "comment");
            comment.setTextContent(s[4]);
            entry.appendChild(comment);
            entries.appendChild(entry);
        }
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal totalDays = BigDecimal.ZERO;
        for (Node c = child(root, "consultants").getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element consultant) {
                BigDecimal h = hours.get(consultant.getAttribute("code"));
                BigDecimal dd = h.divide(new BigDecimal("8"), 2, RoundingMode.HALF_UP);
                child(consultant, "totalHours").setTextContent(h.toPlainString());
                child(consultant, "totalDays").setTextContent(dd.toPlainString());
                total = total.add(h);
                totalDays = totalDays.add(dd);
            }
        }
        Element totals = child(root, "totals");
        child(totals, "hours").setTextContent(total.toPlainString());
        child(totals, "days").setTextContent(totalDays.toPlainString());
        child(totals, "amount").setTextContent(totalDays.multiply(new BigDecimal("650")).setScale(2).toPlainString());
        byte[] xml = TestDocuments.serialize(doc);
        new XmlSchemaValidator().validate(xml, "cra-1.xsd");
        return xml;
    }

    static int sessions(byte[] cra) {
        return TestDocuments.nodes(TestDocuments.parse(cra), "//cra:entry").getLength();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + name);
    }

    private static void clear(Element e) {
        while (e.getFirstChild() != null) {
            e.removeChild(e.getFirstChild());
        }
    }
}
