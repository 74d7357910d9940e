package dev.crahub.camel;

import java.util.regex.Pattern;

import dev.crahub.system.InboxFileNames;
import org.springframework.stereotype.Component;

/**
 * Refuses an inbox file whose type the inbox does not read, so that it goes to {@code .error/} with a report
 * saying which types are read, instead of lying in the inbox forever unnoticed (as it did when the consumer's
 * {@code include} filter skipped it). The inbox routes pass the extensions they read, e.g. {@code csv|txt|xlsx}.
 */
@Component("inboxFileTypes")
public class InboxFileTypes {

    public void check(String fileName, String extensions) {
        Pattern readable = Pattern.compile("(?is).*\\.(" + extensions + ")");
        if (fileName == null || !readable.matcher(fileName).matches()) {
            throw new IllegalArgumentException("File " + InboxFileNames.shown(fileName)
                    + " is not of a type this inbox reads (." + extensions.replace("|", ", .")
                    + "); rename it with the right extension and drop it again");
        }
    }
}
