package dev.crahub.document;

import java.util.List;

/**
 * A template set that cannot be used, with every problem found, each naming the file and the key
 * ({@code templates/acme/template.yaml: colours.accent: 'red' is not a colour #RRGGBB}). No invoice is rendered with
 * a set that has one: a half-styled PDF is never issued.
 */
public class InvalidTemplateSetException extends DocumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public InvalidTemplateSetException(String name, List<String> problems) {
        super("Template set '" + name + "' cannot be used: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
