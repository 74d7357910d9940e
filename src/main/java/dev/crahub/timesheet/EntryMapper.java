package dev.crahub.timesheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.crahub.referential.Consultant;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.TrackerIdentity;
import dev.crahub.referential.TrackerMapping;

/**
 * Resolves a tracked entry to a consultant and a contract with the referential's rules. Consultants: an identity of
 * the entry's source (or {@code *}) matching the user's id, e-mail or name; else the consultant's e-mail; else the
 * consultant's code (generic files). Contracts: the most specific rule of the source that matches (task, then
 * project, then client; exact values before patterns). Matching ignores case. An immutable snapshot: build a new
 * one when the referential changes.
 */
public final class EntryMapper {

    private final Map<String, String> identities = new HashMap<>();
    private final Map<String, String> emails = new HashMap<>();
    private final Map<String, String> codes = new HashMap<>();
    private final Map<String, List<Rule>> rules = new HashMap<>();

    public EntryMapper(List<Consultant> consultants, List<ReferentialStore.ContractRule> contractRules) {
        for (Consultant c : consultants) {
            codes.put(key(c.code()), c.code());
            if (c.email() != null) {
                emails.put(key(c.email()), c.code());
            }
            for (TrackerIdentity t : c.trackers()) {
                identities.put(t.source() + "\u0000" + key(t.user()), c.code());
            }
        }
        for (ReferentialStore.ContractRule r : contractRules) {
            rules.computeIfAbsent(r.rule().source(), s -> new ArrayList<>()).add(new Rule(r.contract(), r.rule()));
        }
        rules.values().forEach(list -> list.sort((a, b) -> Integer.compare(b.specificity(), a.specificity())));
    }

    public static EntryMapper of(ReferentialStore referential) {
        return new EntryMapper(referential.consultants(), referential.contractRules());
    }

    /** @return the consultant's code, or {@code null} when no rule names this user */
    public String consultant(TrackedEntry e) {
        for (String value : new String[] {e.userId(), e.userEmail(), e.userName()}) {
            if (value == null) {
                continue;
            }
            String found = identities.get(e.source() + "\u0000" + key(value));
            if (found == null) {
                found = identities.get("*\u0000" + key(value));
            }
            if (found != null) {
                return found;
            }
        }
        if (e.userEmail() != null && emails.containsKey(key(e.userEmail()))) {
            return emails.get(key(e.userEmail()));
        }
        for (String value : new String[] {e.userId(), e.userName()}) {
            if (value != null && codes.containsKey(key(value))) {
                return codes.get(key(value));
            }
        }
        return null;
    }

    /** @return the contract's code, or {@code null} when no rule of the source matches */
    public String contract(TrackedEntry e) {
        for (Rule rule : rules.getOrDefault(e.source(), List.of())) {
            if (rule.matches(e)) {
                return rule.contract();
            }
        }
        return null;
    }

    private static String key(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private record Rule(String contract, TrackerMapping mapping, Pattern project, Pattern client, Pattern task) {

        Rule(String contract, TrackerMapping mapping) {
            this(contract, mapping, pattern(mapping.project()), pattern(mapping.client()), pattern(mapping.task()));
        }

        boolean matches(TrackedEntry e) {
            return matches(project, e.project()) && matches(client, e.client()) && matches(task, e.task());
        }

        private static boolean matches(Pattern p, String value) {
            return p == null || (value != null && p.matcher(value.strip()).matches());
        }

        /** Task rules before project rules before client rules; exact values before patterns. */
        int specificity() {
            int s = (task != null ? 100 : 0) + (project != null ? 10 : 0) + (client != null ? 1 : 0);
            boolean anyPattern = isPattern(mapping.project()) || isPattern(mapping.client()) || isPattern(mapping.task());
            return s * 2 + (anyPattern ? 0 : 1);
        }

        private static boolean isPattern(String value) {
            return value != null && value.contains("*");
        }

        private static Pattern pattern(String value) {
            if (value == null) {
                return null;
            }
            StringBuilder regex = new StringBuilder();
            for (String part : value.strip().split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
