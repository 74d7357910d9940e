package dev.crahub.cra;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.crahub.system.Hashing;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept rendering (ADR 0033) is byte for byte the page rendering would give, with each answer's own nonce and CSRF
 * token; another input (state, approver, CRA, deadline, decision) is another page; a refused form is never kept.
 */
class RenderedPagesTests {

    static final Pattern NONCE = Pattern.compile("style-src 'nonce-([^']+)'");

    private static ValidationPage open(String xml, String approver, String csrf) {
        return new ValidationPage(ValidationPage.State.OPEN, "fr").token("tok.en").approver(approver, "a@b.example")
                .contact(new ValidationPage.Contact("Paul", "paul@acme.example")).deadline(LocalDate.of(2025, 8, 7))
                .csrf("_csrf", csrf).cra(Hashing.sha256(xml), () -> xml);
    }

    /** What the stylesheet gives for the page with the nonce the answer carried. */
    private static String direct(ValidationPage page, MockHttpServletResponse answer) {
        Matcher m = NONCE.matcher(answer.getHeader("Content-Security-Policy"));
        assertThat(m.find()).isTrue();
        return new String(ValidationPageStylesheetTests.XSLT.transform(ValidationPages.STYLESHEET,
                page.nonce(m.group(1)).toXml()), StandardCharsets.UTF_8);
    }

    @Test
    void aKeptPageIsWhatRenderingGivesWithEachAnswersOwnSecrets() throws Exception {
        ValidationPages pages = new ValidationPages(ValidationPageStylesheetTests.XSLT, "Europe/Paris", DataSize.ofMegabytes(4));
        String xml = ValidationPageStylesheetTests.cra("fr", "");
        String previous = null;
        for (String csrf : new String[] {"csrf-one_A", "csrf-two-B=", "csrf-three+/"}) {
            ValidationPage page = open(xml, "Claire Martin", csrf);
            MockHttpServletResponse answer = new MockHttpServletResponse();
            pages.write(page, 200, answer);
            String html = answer.getContentAsString(StandardCharsets.UTF_8);
            assertThat(html).isEqualTo(direct(open(xml, "Claire Martin", csrf), answer))
                    .contains("value=\"" + csrf + "\"").doesNotContain("crahubn", "crahubc");
            assertThat(answer.getContentLength()).isEqualTo(html.getBytes(StandardCharsets.UTF_8).length);
            assertThat(html).isNotEqualTo(previous);
            previous = html;
        }
        assertThat(pagesKept(pages)).isEqualTo(1);

        // another approver, another CRA, another state: other pages
        MockHttpServletResponse other = new MockHttpServletResponse();
        pages.write(open(xml, "Bob Second", "c"), 200, other);
        assertThat(other.getContentAsString(StandardCharsets.UTF_8)).contains("Bob Second").doesNotContain("Claire Martin");
        String en = ValidationPageStylesheetTests.cra("en", "");
        MockHttpServletResponse english = new MockHttpServletResponse();
        pages.write(open(en, "Claire Martin", "c"), 200, english);
        assertThat(english.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(direct(open(en, "Claire Martin", "c"), english));
        MockHttpServletResponse expired = new MockHttpServletResponse();
        ValidationPage gone = new ValidationPage(ValidationPage.State.EXPIRED, "fr").token("tok.en")
                .approver("Claire Martin", "a@b.example").cra(Hashing.sha256(xml), () -> xml);
        pages.write(gone, 410, expired);
        assertThat(expired.getStatus()).isEqualTo(410);
        assertThat(expired.getContentAsString(StandardCharsets.UTF_8)).doesNotContain("<form");
        assertThat(pagesKept(pages)).isEqualTo(4);

        // a refused form (what the approver typed) is rendered each time, never kept
        MockHttpServletResponse refused = new MockHttpServletResponse();
        pages.write(open(xml, "Claire Martin", "c").message("reject-needs-comment", null), 422, refused);
        assertThat(pagesKept(pages)).isEqualTo(4);
        assertThat(refused.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(
                direct(open(xml, "Claire Martin", "c").message("reject-needs-comment", null), refused));
    }

    @Test
    void aTemplateWithoutItsMarkersIsNotKept() {
        byte[] html = ("<style nonce=\"" + RenderedPages.NONCE + "\"/><input value=\"" + RenderedPages.CSRF + "\"/>")
                .getBytes(StandardCharsets.US_ASCII);
        RenderedPages.Template t = RenderedPages.Template.of(html, true);
        assertThat(new String(t.fill("N0nce", "T0ken"), StandardCharsets.US_ASCII))
                .isEqualTo("<style nonce=\"N0nce\"/><input value=\"T0ken\"/>");
        assertThat(RenderedPages.Template.of("<p>no nonce</p>".getBytes(StandardCharsets.US_ASCII), false)).isNull();
        assertThat(RenderedPages.Template.of(("<style nonce=\"" + RenderedPages.NONCE + "\"/>").getBytes(StandardCharsets.US_ASCII), true))
                .as("a form without its CSRF token").isNull();
        RenderedPages small = new RenderedPages(html.length * 2L);
        small.put(new byte[] {1}, t);
        small.put(new byte[] {2}, t);
        small.put(new byte[] {3}, t);
        assertThat(small.count()).isEqualTo(2);
        assertThat(small.get(new byte[] {1})).isNull();
    }

    private static int pagesKept(ValidationPages pages) throws Exception {
        var field = ValidationPages.class.getDeclaredField("rendered");
        field.setAccessible(true);
        return ((RenderedPages) field.get(pages)).count();
    }
}
