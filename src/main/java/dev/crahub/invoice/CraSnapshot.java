package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.cra.BilledTime;
import dev.crahub.system.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an invoice takes from the approved CRA document: quantities, rate and sessions exactly as the client
 * validated them, whatever happened to the time entries since.
 */
record CraSnapshot(BigDecimal dailyRate, String currency, LocalDate periodStart, LocalDate periodEnd,
                   List<Consultant> consultants, List<BilledTime> lines, List<Invoice.TimeDetail> sessions) {

    private static final String NS = "urn:crahub:cra:1";

    record Consultant(String code, String name, BigDecimal days) {
    }

    static CraSnapshot read(byte[] craXml) {
        Document doc = SecureXml.parse(craXml);
        Element root = doc.getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"cra".equals(root.getLocalName())) {
            throw new IllegalArgumentException("Not a canonical CRA document");
        }
        Element rate = first(root, "dailyRate");
        List<Consultant> consultants = new ArrayList<>();
        NodeList list = root.getElementsByTagNameNS(NS, "consultant");
        for (int i = 0; i < list.getLength(); i++) {
            Element c = (Element) list.item(i);
            consultants.add(new Consultant(c.getAttribute("code"), text(c, "name"), new BigDecimal(text(c, "totalDays"))));
        }
        List<Invoice.TimeDetail> sessions = new ArrayList<>();
        NodeList entries = root.getElementsByTagNameNS(NS, "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element e = (Element) entries.item(i);
            String code = e.getAttribute("consultant");
            String name = consultants.stream().filter(c -> c.code().equals(code)).map(Consultant::name).findFirst().orElse(code);
            sessions.add(new Invoice.TimeDetail(LocalDate.parse(e.getAttribute("date")), code, name,
                    new BigDecimal(e.getAttribute("hours")), text(e, "comment")));
        }
        BigDecimal dailyRate = new BigDecimal(rate.getTextContent().strip());
        LocalDate start = LocalDate.parse(text(root, "periodStart"));
        LocalDate end = LocalDate.parse(text(root, "periodEnd"));
        return new CraSnapshot(dailyRate, rate.getAttribute("currency"), start, end, List.copyOf(consultants),
                lines(root, consultants, dailyRate, start, end), List.copyOf(sessions));
    }

    /**
     * The billed time lines as the CRA states them; a CRA approved before the lines were written (ADR 0015) bills
     * its consultants' days at its daily rate, as it did when the client approved it.
     */
    private static List<BilledTime> lines(Element root, List<Consultant> consultants, BigDecimal dailyRate,
                                          LocalDate start, LocalDate end) {
        NodeList billing = root.getElementsByTagNameNS(NS, "billing");
        List<BilledTime> lines = new ArrayList<>();
        if (billing.getLength() == 0) {
            for (Consultant c : consultants) {
                if (c.days().signum() > 0) {
                    lines.add(new BilledTime(c.code(), c.name(), start, end, null, c.days(), c.days(), "DAY", "DAY",
                            dailyRate, BigDecimal.ONE, InvoiceCalculator.lineNet(c.days(), dailyRate), null, null));
                }
            }
            return List.copyOf(lines);
        }
        NodeList list = ((Element) billing.item(0)).getElementsByTagNameNS(NS, "line");
        for (int i = 0; i < list.getLength(); i++) {
            Element l = (Element) list.item(i);
            String code = l.hasAttribute("consultant") ? l.getAttribute("consultant") : null;
            String name = code == null ? null
                    : consultants.stream().filter(c -> c.code().equals(code)).map(Consultant::name).findFirst().orElse(code);
            lines.add(new BilledTime(code, name, LocalDate.parse(l.getAttribute("from")), LocalDate.parse(l.getAttribute("to")),
                    new BigDecimal(text(l, "hours")), new BigDecimal(text(l, "dayEquivalent")), new BigDecimal(text(l, "quantity")),
                    text(l, "unit"), first(l, "quantity").getAttribute("unitCode"), new BigDecimal(text(l, "unitPrice")),
                    new BigDecimal(text(l, "baseQuantity")), new BigDecimal(text(l, "amount")), text(l, "vatCategory"),
                    new BigDecimal(text(l, "vatRate"))));
        }
        return List.copyOf(lines);
    }

    private static Element first(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(NS, name);
        if (nodes.getLength() == 0) {
            throw new IllegalArgumentException("CRA document has no " + name);
        }
        return (Element) nodes.item(0);
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(NS, name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
