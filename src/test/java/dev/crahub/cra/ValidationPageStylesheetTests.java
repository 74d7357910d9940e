package dev.crahub.cra;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import dev.crahub.document.XslTransformer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code xsl/cra-html.xsl} on a page document built by {@link ValidationPage} around a canonical CRA of July 2025
 * (Bastille Day on Monday 14th, a half-day, two consultants, a comment full of markup): XPath on the HTML, in both
 * languages.
 */
class ValidationPageStylesheetTests {

    static final XslTransformer XSLT = new XslTransformer(Path.of("xsl"));

    static final String CRA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <cra xmlns="urn:crahub:cra:1" id="77" version="2" language="%s">
              <month>2025-07</month>
              <periodStart>2025-07-01</periodStart>
              <periodEnd>2025-07-31</periodEnd>
              <status>SENT</status>
              <generatedAt>2025-07-31T18:00:00+02:00</generatedAt>
              <validationDeadline>2025-08-07</validationDeadline>
              <seller code="page-acme"><name>ACME Conseil SAS</name>
                <address><line>12 rue de la Paix</line><postcode>75002</postcode><city>Paris</city><country>FR</country></address></seller>
              <client code="page-globex"><name>Globex &lt;b&gt;France&lt;/b&gt;</name>
                <address><line>Tour</line><postcode>92800</postcode><city>Puteaux</city><country>FR</country></address></client>
              <contract code="page-platform"><label>Refonte</label><dailyRate currency="EUR">650.00</dailyRate><hoursPerDay>8.00</hoursPerDay></contract>
              <consultants>
                <consultant code="jdupont"><name>Jean Dupont</name><totalHours>19.50</totalHours><totalDays>2.44</totalDays></consultant>
                <consultant code="amoreau"><name>Alice Moreau</name><totalHours>8.00</totalHours><totalDays>1.00</totalDays></consultant>
              </consultants>
              <days>
                <day date="2025-07-01" consultant="jdupont" hours="8.00"/>
                <day date="2025-07-02" consultant="jdupont" hours="3.50"/>
                <day date="2025-07-05" consultant="jdupont" hours="8.00"/>
                <day date="2025-07-02" consultant="amoreau" hours="8.00"/>
              </days>
              <entries>
                <entry date="2025-07-01" consultant="jdupont" hours="8.00" project="PLATFORM"><comment>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"</comment></entry>
                <entry date="2025-07-02" consultant="jdupont" hours="3.50" project="PLATFORM"><comment>Atelier</comment></entry>
                <entry date="2025-07-05" consultant="jdupont" hours="8.00" project="PLATFORM"><comment>Mise en production</comment></entry>
                <entry date="2025-07-02" consultant="amoreau" hours="8.00" project="PLATFORM"><comment/></entry>
              </entries>
              <totals><hours>27.50</hours><days>3.44</days><amount currency="EUR">2234.38</amount></totals>
              %s
            </cra>
            """;

    static final String CHANGES = """
            <changes sinceVersion="1">
              <day date="2025-07-05" consultant="jdupont" change="ADDED" hoursBefore="0" hoursAfter="8.00"/>
              <day date="2025-07-02" consultant="jdupont" change="CHANGED" hoursBefore="7.00" hoursAfter="3.50"/>
            </changes>""";

    static String cra(String language, String changes) {
        return CRA.formatted(language, changes).strip();
    }

    static ValidationPage open(String language) {
        return new ValidationPage(ValidationPage.State.OPEN, language).nonce("n0nce").token("tok.en")
                .approver("Claire <i>Martin</i>", "claire@globex.example")
                .contact(new ValidationPage.Contact("Paul Manager", "paul@acme.example"))
                .csrf("_csrf", "csrf-value").cra(cra(language, CHANGES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void theCalendarMarksWeekendsHolidaysAndHalfDays(String language) {
        Document html = render(open(language));

        assertThat(string(html, "/h:html/@lang")).isEqualTo(language);
        assertThat(count(html, "//h:table[@class='calendar']//h:td[@data-date]")).isEqualTo(31);
        // July 2025 starts on a Tuesday: one blank cell before the 1st
        assertThat(count(html, "//h:table[@class='calendar']/h:tbody/h:tr[1]/h:td[@class='blank']")).isEqualTo(1);
        assertThat(cls(html, "2025-07-05")).contains("weekend", "worked");
        assertThat(cls(html, "2025-07-06")).contains("weekend").doesNotContain("worked");
        assertThat(cls(html, "2025-07-14")).contains("holiday");
        assertThat(string(html, "//h:td[@data-date='2025-07-14']/h:span[@class='note']"))
                .isEqualTo(language.equals("fr") ? "Fête nationale" : "Bastille Day");
        // Jean's 3.5 h on the 2nd is a half-day, Alice's 8 h is not: the day is worked, not half
        assertThat(cls(html, "2025-07-02")).contains("worked").doesNotContain("half");
        assertThat(string(html, "//h:td[@data-date='2025-07-02']/@title")).contains("Jean Dupont", "3");
        assertThat(string(html, "//h:td[@data-date='2025-07-02']/h:span[@class='c'][1]")).isEqualTo("JD 3" + (language.equals("fr") ? ",5" : ".5"));
        assertThat(cls(html, "2025-07-01")).contains("worked").doesNotContain("half", "weekend");
        assertThat(cls(html, "2025-07-03")).doesNotContain("worked", "weekend", "holiday");
        assertThat(string(html, "//h:ul[@class='legend']")).contains(language.equals("fr") ? "Demi-journée" : "Half day");
    }

    @Test
    void aHalfDayAloneIsMarkedHalf() {
        String single = cra("fr", "").replace("<day date=\"2025-07-02\" consultant=\"amoreau\" hours=\"8.00\"/>", "");
        Document html = render(new ValidationPage(ValidationPage.State.OPEN, "fr").token("t.t").csrf("_csrf", "x").cra(single));
        assertThat(cls(html, "2025-07-02")).contains("half").doesNotContain("worked");
        assertThat(string(html, "//h:td[@data-date='2025-07-02']/h:span[@class='h']")).isEqualTo("3,5\u00a0h (½ j)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void sessionsTotalsChangesAndTheFormAreShownEscaped(String language) {
        String raw = new String(XSLT.transform("cra-html.xsl", open(language).toXml()), StandardCharsets.UTF_8);
        Document html = parse(raw);
        boolean fr = language.equals("fr");

        assertThat(raw).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("<b>France")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("xmlns:p=").doesNotContain("xmlns:cra=");
        assertThat(string(html, "/h:html/h:head/h:style/@nonce")).isEqualTo("n0nce");
        assertThat(count(html, "//h:tr[@class='session']")).isEqualTo(4);
        assertThat(string(html, "//h:tr[@class='session'][1]/h:td[@class='comment']")).isEqualTo("<script>alert(1)</script> & \"quotes\"");
        assertThat(string(html, "//h:tr[@class='consultant'][@data-code='jdupont']/h:td[2]")).isEqualTo(fr ? "19,50" : "19.50");
        assertThat(string(html, "//h:tr[@class='consultant'][@data-code='jdupont']/h:td[3]")).isEqualTo(fr ? "2,44" : "2.44");
        assertThat(string(html, "//h:tr[@class='total']/h:td[2]")).isEqualTo(fr ? "27,50" : "27.50");
        assertThat(string(html, "//h:section[contains(@class,'changes')]/h:strong"))
                .isEqualTo(fr ? "Modifications depuis la version 1" : "Changes since version 1");
        assertThat(count(html, "//h:section[contains(@class,'changes')]//h:li")).isEqualTo(2);
        assertThat(string(html, "//h:section[contains(@class,'changes')]//h:li[@class='CHANGED']")).contains(fr ? "7\u00a0h → 3,5\u00a0h" : "7\u00a0h → 3.5\u00a0h");
        assertThat(string(html, "//h:a[contains(@class,'pdf')]/@href")).isEqualTo("/validation/tok.en/pdf");
        assertThat(string(html, "//h:form/@action")).isEqualTo("/validation/tok.en");
        assertThat(string(html, "//h:form/@method")).isEqualTo("post");
        assertThat(string(html, "//h:form/h:input[@type='hidden'][@name='_csrf']/@value")).isEqualTo("csrf-value");
        assertThat(count(html, "//h:form//h:input[@type='checkbox']")).isEqualTo(3); // the days worked only
        assertThat(string(html, "//h:button[@value='APPROVE']")).isEqualTo(fr ? "Approuver le compte rendu" : "Approve the report");
        assertThat(string(html, "//h:p[contains(., 'Claire')]")).contains("Claire <i>Martin</i>");
        assertThat(string(html, "//h:footer")).contains("Paul Manager (paul@acme.example)");
        assertThat(string(html, "//h:dl[@class='facts']")).contains(fr ? "jeudi 07/08/2025" : "Thursday 7 Aug 2025");
    }

    @Test
    void everyPublicHolidayHasItsLabel() throws Exception {
        String module = java.nio.file.Files.readString(Path.of("xsl/html/cra.xsl"));
        for (dev.crahub.system.WorkingCalendar.Holiday holiday : dev.crahub.system.WorkingCalendar.Holiday.values()) {
            assertThat(module).contains("'" + holiday.name() + "': f:label('holiday." + holiday.name() + "')");
        }
    }

    @Test
    void theDeadlineSetAtSendingWinsOverTheBuiltOne() {
        Document html = render(open("fr").deadline(LocalDate.of(2025, 8, 12)));
        assertThat(string(html, "//h:div[@class='deadline']/h:dd")).isEqualTo("mardi 12/08/2025");
    }

    @Test
    void withoutChangesThereIsNoChangesBlock() {
        Document html = render(new ValidationPage(ValidationPage.State.OPEN, "fr").token("t.t").csrf("_csrf", "x").cra(cra("fr", "")));
        assertThat(count(html, "//h:section[contains(@class,'changes')]")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void aDecidedPageShowsTheOutcomeAndNoForm(String language) {
        CraDecisions.Recorded rejected = new CraDecisions.Recorded(1, 77, CraDecisions.Outcome.REJECTED,
                CraDecisions.Kind.LINK, "Claire Martin", "claire@globex.example", null, null, "Trop <b>d'heures</b>",
                OffsetDateTime.of(2025, 8, 4, 8, 30, 0, 0, ZoneOffset.UTC), "127.0.0.1", "ua", "x", "y",
                List.of(new CraDecisions.DayVerdict(LocalDate.of(2025, 7, 5), CraDecisions.Outcome.REJECTED, "Samedi non travaillé")));
        Document html = render(new ValidationPage(ValidationPage.State.DONE, language).token("t.t").cra(cra(language, ""))
                .decision(rejected));

        assertThat(count(html, "//h:form")).isZero();
        assertThat(string(html, "//h:section[contains(@class,'outcome')]/@data-outcome")).isEqualTo("REJECTED");
        // 08:30 UTC is 10:30 in Paris
        assertThat(string(html, "//h:section[contains(@class,'outcome')]/h:strong"))
                .isEqualTo(language.equals("fr") ? "Refusé par Claire Martin le 04/08/2025 10:30" : "Rejected by Claire Martin on 4 Aug 2025, 10:30");
        assertThat(string(html, "//h:ul[@class='disputed']/h:li[@data-date='2025-07-05']")).contains("Samedi non travaillé");
        assertThat(string(html, "//h:section[contains(@class,'outcome')]")).contains("Trop <b>d'heures</b>");
        assertThat(cls(html, "2025-07-05")).contains("disputed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPIRED", "SUPERSEDED", "REVOKED", "NOT_FOUND", "FORBIDDEN", "BAD_REQUEST", "UNAVAILABLE", "DECIDED"})
    void everyRefusalHasATitleInBothLanguages(String state) {
        for (String language : List.of("fr", "en")) {
            ValidationPage page = new ValidationPage(ValidationPage.State.valueOf(state), language);
            if (!state.equals("NOT_FOUND")) {
                page.token("t.t").cra(cra(language, ""));
            }
            Document html = render(page);
            assertThat(string(html, "//h:h1")).isNotBlank();
            assertThat(string(html, "//h:p[@class='explain']")).isNotBlank();
            assertThat(count(html, "//h:form")).isZero();
            assertThat(count(html, "//h:table")).isZero();
        }
        assertThat(string(render(new ValidationPage(ValidationPage.State.valueOf(state), "en")), "//h:h1"))
                .isNotEqualTo(string(render(new ValidationPage(ValidationPage.State.valueOf(state), "fr")), "//h:h1"));
    }

    @Test
    void aRefusedFormIsShownAgainWithWhatWasTyped() {
        Map<LocalDate, String> disputed = new TreeMap<>(Map.of(LocalDate.of(2025, 7, 2), "Pas <ce> jour"));
        Document html = render(open("en").message("approve-with-disputes", null)
                .input(new ValidationPage.Input("my \"comment\"", disputed)));
        assertThat(string(html, "//h:div[@data-code='approve-with-disputes']")).contains("You disputed some days");
        assertThat(string(html, "//h:textarea[@name='comment']")).isEqualTo("my \"comment\"");
        assertThat(string(html, "//h:input[@name='day.2025-07-02.comment']/@value")).isEqualTo("Pas <ce> jour");
        assertThat(string(html, "//h:input[@name='day.2025-07-02.dispute']/@checked")).isEqualTo("checked");
        assertThat(string(html, "//h:details/@open")).isEqualTo("open");
    }

    // ---------------------------------------------------------------- helpers

    static Document render(ValidationPage page) {
        return parse(new String(XSLT.transform("cra-html.xsl", page.toXml()), StandardCharsets.UTF_8));
    }

    static Document parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            // the HTML5 doctype is all the page declares
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("the page is not well-formed XHTML:\n" + html, e);
        }
    }

    static String cls(Document html, String date) {
        return string(html, "//h:table[@class='calendar']//h:td[@data-date='" + date + "']/@class");
    }

    static int count(Document html, String xpath) {
        return ((NodeList) eval(html, xpath, XPathConstants.NODESET)).getLength();
    }

    static String string(Object html, String xpath) {
        return (String) eval(html, xpath, XPathConstants.STRING);
    }

    private static Object eval(Object html, String xpath, javax.xml.namespace.QName type) {
        var x = XPathFactory.newDefaultInstance().newXPath();
        x.setNamespaceContext(new NamespaceContext() {
            public String getNamespaceURI(String prefix) {
                return "h".equals(prefix) ? "http://www.w3.org/1999/xhtml" : "";
            }

            public String getPrefix(String uri) {
                return null;
            }

            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        try {
            return x.evaluate(xpath, html, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }
}
