package dev.crahub.timesheet.connector.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Jira v3 comments (Atlassian Document Format) to plain text. */
class AdfTests {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDocumentedExample() throws Exception {
        var doc = json.readTree(fixture("jira/rest_api_3_issue_worklog_docs_example.json"));
        assertThat(Adf.text(doc.path("worklogs").get(0).get("comment"))).isEqualTo("I did some work here.");
    }

    @Test
    void marksMentionsBreaksListsAndEmojis() throws Exception {
        var list = json.readTree(fixture("jira/worklog_list_103_104.json"));
        assertThat(Adf.text(list.get(1).get("comment")))
                .isEqualTo("Atelier cadrage avec @Mia Krystof\nsuite demain\n- maquettes\n- revue 😄");
    }

    @Test
    void nothingPlainOrEmpty() throws Exception {
        assertThat(Adf.text(null)).isNull();
        assertThat(Adf.text(json.readTree("\"v2 comment\""))).isEqualTo("v2 comment");
        assertThat(Adf.text(json.readTree("{\"type\":\"doc\",\"version\":1,\"content\":[]}"))).isNull();
    }
}
