package dev.crahub.cra;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.crahub.system.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What changed between the CRA version being superseded and the new one, per day and consultant: the approver of
 * version 2 (after rejecting version 1, say) sees at once which days were added, removed or corrected instead of
 * comparing two documents. Read from the previous version's canonical XML ({@code days}) and the new day totals.
 *
 * @param sinceVersion the version this one supersedes
 * @param days         the changed days, by date then consultant
 */
public record CraChanges(int sinceVersion, List<DayChange> days) {

    /** How one day of one consultant changed. */
    public enum Change { ADDED, REMOVED, CHANGED }

    /** One changed day; {@code hoursBefore} is null for ADDED, {@code hoursAfter} null for REMOVED. */
    public record DayChange(LocalDate date, String consultant, Change change, BigDecimal hoursBefore,
                            BigDecimal hoursAfter) {
    }

    public CraChanges {
        days = List.copyOf(days);
    }

    /**
     * Compares the previous version's canonical XML with the new per-day hours ({@code date -> consultant ->
     * hours}, as {@link ActivityCalculator#perDay} gives them).
     */
    public static CraChanges between(String previousXml, Map<String, Map<String, BigDecimal>> now) {
        Element root = SecureXml.parse(previousXml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        if (!CraXmlWriter.NAMESPACE.equals(root.getNamespaceURI()) || !"cra".equals(root.getLocalName())) {
            throw new IllegalArgumentException("the previous version is not a canonical CRA document");
        }
        Map<String, Map<String, BigDecimal>> before = new TreeMap<>();
        NodeList days = root.getElementsByTagNameNS(CraXmlWriter.NAMESPACE, "day");
        for (int i = 0; i < days.getLength(); i++) {
            Element day = (Element) days.item(i);
            if (!"days".equals(day.getParentNode().getLocalName())) {
                continue; // a <changes> or <approval> day of the previous version, not its hours
            }
            before.computeIfAbsent(day.getAttribute("date"), d -> new TreeMap<>())
                    .merge(day.getAttribute("consultant"), new BigDecimal(day.getAttribute("hours")), BigDecimal::add);
        }
        return compare(Integer.parseInt(root.getAttribute("version")), before, now);
    }

    /** Compares two sets of day totals ({@code date -> consultant -> hours}). */
    static CraChanges compare(int sinceVersion, Map<String, Map<String, BigDecimal>> before,
                              Map<String, Map<String, BigDecimal>> after) {
        Map<String, Map<String, BigDecimal[]>> both = new TreeMap<>();
        before.forEach((date, hours) -> hours.forEach((consultant, h) ->
                both.computeIfAbsent(date, d -> new TreeMap<>()).computeIfAbsent(consultant, c -> new BigDecimal[2])[0] = h));
        after.forEach((date, hours) -> hours.forEach((consultant, h) ->
                both.computeIfAbsent(date, d -> new TreeMap<>()).computeIfAbsent(consultant, c -> new BigDecimal[2])[1] = h));
        List<DayChange> changes = new ArrayList<>();
        both.forEach((date, consultants) -> consultants.forEach((consultant, h) -> {
            BigDecimal was = zeroToNull(h[0]);
            BigDecimal is = zeroToNull(h[1]);
            Change change = was == null && is == null ? null
                    : was == null ? Change.ADDED
                    : is == null ? Change.REMOVED
                    : was.compareTo(is) != 0 ? Change.CHANGED : null;
            if (change != null) {
                changes.add(new DayChange(LocalDate.parse(date), consultant, change, was, is));
            }
        }));
        return new CraChanges(sinceVersion, changes);
    }

    private static BigDecimal zeroToNull(BigDecimal hours) {
        return hours == null || hours.signum() == 0 ? null : hours.setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
