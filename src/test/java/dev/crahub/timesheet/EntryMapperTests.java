package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import dev.crahub.referential.Consultant;
import dev.crahub.referential.ReferentialStore.ContractRule;
import dev.crahub.referential.TrackerIdentity;
import dev.crahub.referential.TrackerMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryMapperTests {

    private final EntryMapper mapper = new EntryMapper(
            List.of(new Consultant("jdupont", "Jean Dupont", "jean.dupont@acme.example",
                            List.of(new TrackerIdentity("toggl", "6"), new TrackerIdentity("redmine", "Jean D."))),
                    new Consultant("amoreau", "Alice Moreau", "alice@acme.example",
                            List.of(new TrackerIdentity("*", "alice.m")))),
            List.of(new ContractRule("globex-run", new TrackerMapping("harvest", null, "Globex", null)),
                    new ContractRule("globex-build", new TrackerMapping("harvest", "Platform", "Globex", null)),
                    new ContractRule("globex-audit", new TrackerMapping("harvest", null, null, "Audit")),
                    new ContractRule("jira-glob", new TrackerMapping("jira", "GLOB-*", null, null)),
                    new ContractRule("jira-glob-exact", new TrackerMapping("jira", "GLOB-42", null, null))));

    private static TrackedEntry entry(String source, String userId, String email, String name, String client,
                                      String project, String task) {
        return new TrackedEntry(source, "x", userId, email, name, client, project, task, LocalDate.of(2026, 10, 1),
                null, null, BigDecimal.ONE, null, "", false);
    }

    @Test
    void consultantsAreFoundByIdentityEmailOrCode() {
        assertThat(mapper.consultant(entry("toggl", "6", null, null, null, null, null))).isEqualTo("jdupont");
        // the identity belongs to toggl: in another source, id 6 is someone else
        assertThat(mapper.consultant(entry("clockify", "6", null, null, null, null, null))).isNull();
        assertThat(mapper.consultant(entry("redmine", "12", null, "jean d.", null, null, null))).isEqualTo("jdupont");
        assertThat(mapper.consultant(entry("kimai", null, null, "ALICE.M", null, null, null))).isEqualTo("amoreau");
        assertThat(mapper.consultant(entry("harvest", "99", "Jean.Dupont@ACME.example", null, null, null, null)))
                .isEqualTo("jdupont");
        assertThat(mapper.consultant(entry("generic", "amoreau", null, null, null, null, null))).isEqualTo("amoreau");
        assertThat(mapper.consultant(entry("generic", "nobody", "x@y.example", "No Body", null, null, null))).isNull();
    }

    @Test
    void theMostSpecificContractRuleWins() {
        assertThat(mapper.contract(entry("harvest", null, null, null, "globex", "Platform", null))).isEqualTo("globex-build");
        assertThat(mapper.contract(entry("harvest", null, null, null, "Globex", "Support", null))).isEqualTo("globex-run");
        assertThat(mapper.contract(entry("harvest", null, null, null, "Globex", "Platform", "audit"))).isEqualTo("globex-audit");
        assertThat(mapper.contract(entry("jira", null, null, null, null, "GLOB-42", null))).isEqualTo("jira-glob-exact");
        assertThat(mapper.contract(entry("jira", null, null, null, null, "GLOB-7", null))).isEqualTo("jira-glob");
        assertThat(mapper.contract(entry("jira", null, null, null, null, "OTHER-7", null))).isNull();
        // rules are per source
        assertThat(mapper.contract(entry("toggl", null, null, null, "Globex", "Platform", null))).isNull();
    }
}
