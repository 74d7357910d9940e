package dev.crahub.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.crahub.system.InboxFileNames;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The first step of an inbox route: refuses a file the inbox must not read, so that it goes to {@code .error/} with
 * a report instead of lying in the inbox unnoticed (as it did when the consumer's {@code include} filter skipped
 * it): a type the inbox does not read (the routes pass theirs, e.g. {@code csv|txt|xlsx}), or a symbolic link
 * (whoever may drop files must not make the hub read, and quote in a report, a file they cannot read). It also
 * sets {@link #SHOWN} to the file's name with control characters escaped, for the routes' log lines: a name with
 * a line feed must not forge a log line.
 */
@Component("inboxFileTypes")
public class InboxFileTypes {

    /** Header: the file's path under the inbox as logs and reports show it. */
    public static final String SHOWN = "crahubFileShown";

    public void check(Exchange exchange, String extensions) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String path = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
        exchange.getIn().setHeader(SHOWN,
                InboxFileNames.shown(exchange.getIn().getHeader(Exchange.FILE_NAME, String.class)));
        if (path != null && Files.isSymbolicLink(Path.of(path))) {
            throw new IllegalArgumentException("File " + InboxFileNames.shown(name)
                    + " is a symbolic link: the inbox reads only files dropped into it");
        }
        Pattern readable = Pattern.compile("(?is).*\\.(" + extensions + ")");
        if (name == null || !readable.matcher(name).matches()) {
            throw new IllegalArgumentException("File " + InboxFileNames.shown(name)
                    + " is not of a type this inbox reads (." + extensions.replace("|", ", .")
                    + "); rename it with the right extension and drop it again");
        }
    }
}
