package dev.crahub.referential;

/**
 * A rule by which a contract claims a tracker's entries: by project, client or task, each an exact value (id or
 * name, case-insensitive) or a pattern with {@code *}. Several fields must all match. Examples:
 * {@code {source: generic, project: GLOBEX-PLATFORM}}, {@code {source: harvest, client: Globex}},
 * {@code {source: jira, project: "GLOB-*"}}.
 */
public record TrackerMapping(String source, String project, String client, String task) {

    public TrackerMapping(String source, String project) {
        this(source, project, null, null);
    }
}
