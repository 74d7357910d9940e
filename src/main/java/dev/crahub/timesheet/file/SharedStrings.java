package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.crahub.timesheet.TimesheetLimits;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * The shared-strings table of an XLSX, read with StAX under a budget: at most
 * {@link TimesheetLimits#sharedStrings()} entries and {@link TimesheetLimits#sharedStringCharacters()} characters in
 * all, each text between tags bounded too ({@link XmlTextGuard}). POI's {@code ReadOnlySharedStringsTable} keeps
 * every string with no limit: a 17 MB workbook whose strings expand to 1 GB (under POI's 100:1 ratio check)
 * exhausted the heap. Phonetic runs are left out and Excel's {@code _x0001_} escapes decoded, as POI does.
 */
final class SharedStrings {

    private static final Pattern ESCAPE = Pattern.compile("_x([0-9A-Fa-f]{4})_");

    private final List<String> strings;

    private SharedStrings(List<String> strings) {
        this.strings = strings;
    }

    static SharedStrings read(OPCPackage pkg, XMLInputFactory factory, TimesheetLimits limits) throws IOException {
        List<PackagePart> parts;
        try {
            parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        } catch (RuntimeException e) {
            throw new IOException("the workbook's shared strings cannot be read: " + e.getMessage(), e);
        }
        List<String> strings = new ArrayList<>();
        if (parts.isEmpty()) {
            return new SharedStrings(strings);
        }
        try (InputStream raw = parts.get(0).getInputStream();
             XmlTextGuard in = new XmlTextGuard(raw, limits.fieldLength(), "field-length", limits.nestingDepth(),
                     "nesting-depth")) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                read(xml, strings, limits);
            } catch (XMLStreamException e) {
                if (in.failure() != null) {
                    throw located(in.failure());
                }
                throw new IOException("the workbook's shared strings cannot be read: " + e.getMessage(), e);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("the workbook's shared strings cannot be read: " + e.getMessage(), e);
        }
        return new SharedStrings(strings);
    }

    private static void read(XMLStreamReader xml, List<String> strings, TimesheetLimits limits)
            throws XMLStreamException, LimitExceededException {
        long characters = 0;
        StringBuilder item = null;
        int phonetic = 0;
        boolean inText = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "si" -> {
                        if (strings.size() >= limits.sharedStrings()) {
                            throw new LimitExceededException(0, null, "the workbook's shared strings hold "
                                    + LimitExceededException.moreThan(limits.sharedStrings(), "entries", "shared-strings"));
                        }
                        item = new StringBuilder();
                    }
                    case "rPh" -> phonetic++;
                    case "t" -> inText = phonetic == 0;
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "si" -> {
                        strings.add(item == null ? "" : decode(item.toString()));
                        item = null;
                    }
                    case "rPh" -> phonetic--;
                    case "t" -> inText = false;
                    default -> { }
                }
            } else if (inText && item != null
                    && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE)) {
                int n = xml.getTextLength();
                characters += n;
                if (characters > limits.sharedStringCharacters()) {
                    throw new LimitExceededException(0, null, "the workbook's shared strings hold "
                            + LimitExceededException.moreThan(limits.sharedStringCharacters(), "characters",
                            "shared-string-characters"));
                }
                item.append(xml.getTextCharacters(), xml.getTextStart(), n);
            }
        }
    }

    private static LimitExceededException located(LimitExceededException e) {
        return new LimitExceededException(0, null, "in the workbook's shared strings, " + e.getMessage());
    }

    /** Excel writes control characters as {@code _x0001_}; {@code _x005F_} escapes an underscore. */
    static String decode(String s) {
        if (s.indexOf("_x") < 0) {
            return s;
        }
        Matcher m = ESCAPE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString();
    }

    int size() {
        return strings.size();
    }

    /** @return the string at {@code index}, or {@code null} when the table has none there */
    String get(int index) {
        return index >= 0 && index < strings.size() ? strings.get(index) : null;
    }
}
