package dev.crahub.document;

import java.util.List;

/**
 * An XML document does not conform to its schema (or is not even well-formed / is refused as unsafe).
 * {@link #errors()} lists every problem found, each as {@code "line:column: message"}.
 */
public class InvalidDocumentException extends DocumentException {

    private static final long serialVersionUID = 1L;

    private final String schemaName;
    private final List<String> errors;

    public InvalidDocumentException(String schemaName, List<String> errors) {
        super("Document is not valid against " + schemaName + " (" + errors.size() + " error"
                + (errors.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", errors));
        this.schemaName = schemaName;
        this.errors = List.copyOf(errors);
    }

    public String schemaName() {
        return schemaName;
    }

    public List<String> errors() {
        return errors;
    }
}
