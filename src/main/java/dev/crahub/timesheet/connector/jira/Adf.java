package dev.crahub.timesheet.connector.jira;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Atlassian Document Format (Jira Cloud v3 comments) to plain text: text nodes, mentions, emojis, cards and dates
 * as their text; hard breaks and block boundaries (paragraphs, headings, list items, quotes, code) as new lines;
 * list items prefixed with "- ". A plain string (v2, Tempo) is returned as is.
 */
public final class Adf {

    private static final Set<String> BLOCKS = Set.of("paragraph", "heading", "blockquote", "codeBlock", "listItem",
            "rule", "panel", "tableRow", "mediaSingle", "decisionItem", "taskItem");

    private Adf() {
    }

    public static String text(JsonNode doc) {
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
            return null;
        }
        if (doc.isTextual()) {
            return doc.asText();
        }
        StringBuilder out = new StringBuilder();
        walk(doc, out, new int[] {-1});
        String text = out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        return text.isEmpty() ? null : text;
    }

    /** {@code marker[0]}: where the last list marker ended, so the item's first paragraph stays on its line. */
    private static void walk(JsonNode node, StringBuilder out, int[] marker) {
        String type = node.path("type").asText("");
        JsonNode attrs = node.path("attrs");
        switch (type) {
            case "text" -> out.append(node.path("text").asText(""));
            case "hardBreak" -> out.append('\n');
            case "mention" -> out.append(attrs.path("text").asText(""));
            case "emoji" -> out.append(attrs.hasNonNull("text") ? attrs.get("text").asText()
                    : attrs.path("shortName").asText(""));
            case "inlineCard", "blockCard" -> out.append(attrs.path("url").asText(""));
            case "date" -> out.append(attrs.path("timestamp").asText(""));
            case "status" -> out.append(attrs.path("text").asText(""));
            default -> {
                boolean block = BLOCKS.contains(type);
                if (block && !out.isEmpty() && out.charAt(out.length() - 1) != '\n' && out.length() != marker[0]) {
                    out.append('\n');
                }
                if (type.equals("listItem")) {
                    out.append("- ");
                    marker[0] = out.length();
                }
                for (JsonNode child : node.path("content")) {
                    walk(child, out, marker);
                }
                if (block && (out.isEmpty() || out.charAt(out.length() - 1) != '\n')) {
                    out.append('\n');
                }
                if (type.equals("tableCell") || type.equals("tableHeader")) {
                    out.append(' ');
                }
            }
        }
    }
}
