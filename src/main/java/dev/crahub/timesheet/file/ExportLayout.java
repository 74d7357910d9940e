package dev.crahub.timesheet.file;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a tracker's export, per UI language: each language's header names for each {@link Field} (a field
 * may have several names, as exports changed over versions). The language whose names match the header best decides
 * the file's date order unless a locale is configured.
 */
public final class ExportLayout {

    private final String source;
    private final Map<Locale, Map<Field, List<String>>> languages = new LinkedHashMap<>();
    private final Map<Locale, Map<Field, String>> displayNames = new LinkedHashMap<>();

    public ExportLayout(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Adds a language: pairs of field and header name ({@code Field.USER_NAME, "User", ...}). */
    public ExportLayout language(Locale locale, Object... pairs) {
        Map<Field, List<String>> names = languages.computeIfAbsent(locale, l -> new EnumMap<>(Field.class));
        Map<Field, String> display = displayNames.computeIfAbsent(locale, l -> new EnumMap<>(Field.class));
        for (int i = 0; i < pairs.length; i += 2) {
            display.putIfAbsent((Field) pairs[i], (String) pairs[i + 1]);
            names.computeIfAbsent((Field) pairs[i], f -> new ArrayList<>()).add(CsvTable.normalise((String) pairs[i + 1]));
        }
        return this;
    }

    /** The columns of a header: field to index, and the language found. */
    public record Resolved(Locale language, Map<Field, Integer> columns, Map<Field, String> names) {
    }

    public Resolved resolve(List<String> header) {
        List<String> normalised = header.stream().map(CsvTable::normalise).toList();
        Locale best = null;
        int bestScore = -1;
        for (var language : languages.entrySet()) {
            int score = 0;
            for (List<String> names : language.getValue().values()) {
                if (names.stream().anyMatch(normalised::contains)) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = language.getKey();
                bestScore = score;
            }
        }
        Map<Field, Integer> columns = new EnumMap<>(Field.class);
        Map<Field, String> names = new EnumMap<>(Field.class);
        List<Map<Field, List<String>>> order = new ArrayList<>();
        order.add(languages.get(best));
        languages.forEach((l, m) -> {
            if (m != order.get(0)) {
                order.add(m);
            }
        });
        for (Map<Field, List<String>> language : order) {
            for (var field : language.entrySet()) {
                if (columns.containsKey(field.getKey())) {
                    continue;
                }
                for (String name : field.getValue()) {
                    int index = normalised.indexOf(name);
                    if (index >= 0) {
                        columns.put(field.getKey(), index);
                        names.put(field.getKey(), header.get(index).strip());
                        break;
                    }
                }
            }
        }
        return new Resolved(best, columns, names);
    }

    /** The header name of the first of these fields the layout knows in the given language, for error messages. */
    public String expected(Locale language, Field... fields) {
        Map<Field, String> names = displayNames.getOrDefault(language, displayNames.values().iterator().next());
        for (Field field : fields) {
            if (names.containsKey(field)) {
                return names.get(field);
            }
        }
        return fields[0].name().toLowerCase(Locale.ROOT);
    }
}
