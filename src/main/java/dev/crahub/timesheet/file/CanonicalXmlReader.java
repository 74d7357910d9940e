package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import dev.crahub.system.XmlCharacters;
import dev.crahub.timesheet.CanonicalEntry;
import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TrackedEntry;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an XML file of time entries ({@code schema/time-entries-1.xsd}, namespace {@value #NAMESPACE}): first
 * validated against the schema as it streams (every violation reported with its line), then read entry by entry with
 * StAX. DOCTYPEs and external entities are refused (no XXE). Both passes read through an {@link XmlTextGuard}: a
 * text or a tag longer than {@link TimesheetLimits#fieldLength()} or elements nested deeper than
 * {@link TimesheetLimits#nestingDepth()} stop the reading before a parser holds them.
 */
public final class CanonicalXmlReader {

    public static final String NAMESPACE = "urn:crahub:time-entries:1";
    public static final String DEFAULT_SOURCE = "xml";
    private static final Schema SCHEMA = schema();

    private static Schema schema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newSchema(CanonicalXmlReader.class.getResource("/schema/time-entries-1.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException("the time entries schema cannot be loaded", e);
        }
    }

    private final TimesheetLimits limits;

    public CanonicalXmlReader() {
        this(TimesheetLimits.DEFAULTS);
    }

    public CanonicalXmlReader(TimesheetLimits limits) {
        this.limits = limits;
    }

    private XmlTextGuard guard(InputStream in) {
        return new XmlTextGuard(in, limits.fieldLength(), "field-length", limits.nestingDepth(), "nesting-depth");
    }

    public EntryStream open(TextInput input) throws IOException {
        ProblemLog invalid = validate(input);
        if (!invalid.isEmpty()) {
            return new Rejected(invalid);
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XmlTextGuard in = guard(input.open());
        try {
            return new Stream(in, factory.createXMLStreamReader(in), limits);
        } catch (XMLStreamException e) {
            in.close();
            throw in.failure() != null ? in.failure() : new IOException(e.getMessage(), e);
        }
    }

    private ProblemLog validate(TextInput input) throws IOException {
        ProblemLog problems = new ProblemLog();
        Validator validator = SCHEMA.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (SAXException e) {
            // not every implementation knows every property: the StAX pass refuses DOCTYPEs as well
        }
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(e.getLineNumber(), Math.max(e.getColumnNumber(), 0), null, e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                problems.add(e.getLineNumber(), Math.max(e.getColumnNumber(), 0), null, e.getMessage());
                throw e;
            }
        });
        XmlTextGuard guard = guard(input.open());
        try (InputStream in = guard) {
            validator.validate(new StreamSource(in));
        } catch (SAXException | IOException e) {
            LimitExceededException limit = guard.failure();
            if (limit != null) {
                ProblemLog stopped = new ProblemLog();
                problems.problems().stream().filter(p -> p.line() < limit.line()).forEach(stopped::add);
                stopped.add(limit.line(), null, limit.getMessage() + "; reading stopped here");
                return stopped;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (problems.isEmpty()) {
                problems.add(0, null, e.getMessage());
            }
        }
        return problems;
    }

    private static final class Rejected extends EntryStream {

        Rejected(ProblemLog found) {
            found.problems().forEach(problems::add);
        }

        @Override
        public String source() {
            return DEFAULT_SOURCE;
        }

        @Override
        protected TrackedEntry read() {
            return null;
        }
    }

    private static final class Stream extends EntryStream {

        private final XmlTextGuard in;
        private final XMLStreamReader xml;
        private final TimesheetLimits limits;
        private String source = DEFAULT_SOURCE;
        private int index = -1;

        Stream(XmlTextGuard in, XMLStreamReader xml, TimesheetLimits limits) throws XMLStreamException {
            this.in = in;
            this.xml = xml;
            this.limits = limits;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new XMLStreamException("a DOCTYPE is refused");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String s = xml.getAttributeValue(null, "source");
                    if (s != null && !s.isBlank()) {
                        source = s.strip();
                        if (source.length() > 32 || XmlCharacters.firstRefused(source) >= 0) {
                            problems.add(xml.getLocation().getLineNumber(), "source",
                                    "must be a name of at most 32 characters, without control characters");
                        }
                    }
                    return;
                }
            }
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        protected TrackedEntry read() throws IOException {
            try {
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("entry")) {
                        index++;
                        long line = xml.getLocation().getLineNumber();
                        String at = "entry[" + (index + 1) + "]";
                        TrackedEntry entry = entry(line, at);
                        if (entry != null) {
                            return entry;
                        }
                    }
                }
                return null;
            } catch (XMLStreamException e) {
                throw in.failure() != null ? in.failure() : new IOException(e.getMessage(), e);
            }
        }

        private TrackedEntry entry(long line, String at) throws XMLStreamException {
            String id = xml.getAttributeValue(null, "id");
            Boolean deleted = Boolean.valueOf(xml.getAttributeValue(null, "deleted"));
            CanonicalEntry.User user = null;
            String client = null;
            String project = null;
            String task = null;
            String comment = null;
            LocalDate date = null;
            OffsetDateTime start = null;
            OffsetDateTime end = null;
            BigDecimal hours = null;
            Boolean billable = null;
            boolean invalid = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("entry")) {
                    break;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = xml.getLocalName();
                if (name.equals("user")) {
                    user = new CanonicalEntry.User(xml.getAttributeValue(null, "id"), xml.getAttributeValue(null, "email"),
                            xml.getAttributeValue(null, "name"));
                    continue;
                }
                String text = xml.getElementText().strip();
                try {
                    switch (name) {
                        case "client" -> client = text;
                        case "project" -> project = text;
                        case "task" -> task = text;
                        case "comment" -> comment = text;
                        case "date" -> date = LocalDate.parse(text);
                        case "start" -> start = OffsetDateTime.parse(text);
                        case "end" -> end = OffsetDateTime.parse(text);
                        case "hours" -> hours = new BigDecimal(text);
                        case "billable" -> billable = Boolean.valueOf(text.equals("1") || text.equals("true"));
                        default -> { }
                    }
                } catch (RuntimeException e) {
                    problems.add(line, at + "." + name, "'" + text + "' cannot be read"
                            + (name.equals("start") || name.equals("end") ? " (a date-time with its offset is expected)" : ""));
                    invalid = true;
                }
            }
            if (invalid) {
                return null;
            }
            List<String> found = new ArrayList<>();
            TrackedEntry tracked = new CanonicalEntry(id, user, client, project, task, date, start, end, hours, billable,
                    comment, deleted).toTracked(source, at, found, limits);
            for (String problem : found) {
                int colon = problem.indexOf(": ");
                problems.add(line, problem.substring(0, colon), problem.substring(colon + 2));
            }
            return tracked;
        }

        @Override
        public void close() throws IOException {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // closing anyway
            }
            in.close();
        }
    }
}
