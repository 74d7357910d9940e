package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.crahub.timesheet.TimesheetLimits;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * The first sheet of an XLSX file read row by row with POI's event API (the sheet's XML is pulled with StAX, never
 * loaded as a workbook), so big sheets stream. Cells come out as text: shared and inline strings as written, numbers
 * in plain notation, date-formatted numbers as ISO dates, date-times or (below one day) clock times, which the
 * readers take as times of day or durations.
 * <p>
 * Memory stays bounded whatever the workbook holds: POI's zip-bomb checks ({@code ZipSecureFile}: inflate ratio,
 * part size) from {@link TimesheetLimits}, shared strings read under a budget ({@link SharedStrings}), texts between
 * tags, cells of a row and each cell's length bounded, the styles part read only below {@value #STYLES_BYTES} bytes.
 * A workbook given as bytes is copied to a temporary file first (POI would inflate every part in memory).
 */
public final class XlsxTable implements RowSource {

    static final int STYLES_BYTES = 4 * 1024 * 1024;

    private final OPCPackage pkg;
    private final Path temporary;
    private final InputStream sheet;
    private final XmlTextGuard guard;
    private final XMLStreamReader xml;
    private final SharedStrings strings;
    private final StylesTable styles;
    private final java.util.Map<Integer, Boolean> dateStyles = new java.util.HashMap<>();
    private final TimesheetLimits limits;
    private final List<String> header;
    private CsvTable.Row pending;

    private XlsxTable(OPCPackage pkg, Path temporary, InputStream sheet, XmlTextGuard guard, XMLStreamReader xml,
                      SharedStrings strings, StylesTable styles, TimesheetLimits limits) throws IOException {
        this.pkg = pkg;
        this.temporary = temporary;
        this.sheet = sheet;
        this.guard = guard;
        this.xml = xml;
        this.strings = strings;
        this.styles = styles;
        this.limits = limits;
        CsvTable.Row first = read(null);
        this.header = first == null ? List.of() : first.fields();
    }

    public static XlsxTable open(TextInput input) throws IOException {
        return open(input, TimesheetLimits.DEFAULTS);
    }

    public static XlsxTable open(TextInput input, TimesheetLimits limits) throws IOException {
        secure(limits);
        Path temporary = null;
        Path file = input.path();
        if (file == null) {
            temporary = Files.createTempFile("crahub-", ".xlsx");
            try (InputStream in = input.open()) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            file = temporary;
        }
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | RuntimeException e) {
            deleteQuietly(temporary);
            throw new IOException("not an XLSX workbook: " + e.getMessage(), e);
        }
        try {
            XSSFReader reader = new XSSFReader(pkg);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new IOException("the workbook has no sheet");
            }
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            SharedStrings strings = SharedStrings.read(pkg, factory, limits);
            StylesTable styles = styles(pkg);
            InputStream sheet = sheets.next();
            XmlTextGuard guard = new XmlTextGuard(sheet, limits.fieldLength(), "field-length", limits.nestingDepth(),
                    "nesting-depth");
            return new XlsxTable(pkg, temporary, sheet, guard, factory.createXMLStreamReader(guard), strings, styles,
                    limits);
        } catch (OpenXML4JException | XMLStreamException e) {
            pkg.revert();
            deleteQuietly(temporary);
            throw new IOException("the workbook cannot be read: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            pkg.revert();
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** POI's zip-bomb checks, JVM-wide: the hub reads workbooks only here. */
    private static void secure(TimesheetLimits limits) {
        ZipSecureFile.setMinInflateRatio(limits.xlsxMinInflateRatio());
        ZipSecureFile.setMaxEntrySize(limits.xlsxEntrySize().toBytes());
        ZipSecureFile.setMaxTextSize(limits.sharedStringCharacters());
    }

    /** The styles part, parsed only when small (POI holds it as a tree). */
    private static StylesTable styles(OPCPackage pkg) throws IOException {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.STYLES.getContentType());
        if (parts.isEmpty()) {
            return new StylesTable();
        }
        try (InputStream in = new BoundedInputStream(parts.get(0).getInputStream(), STYLES_BYTES,
                "the workbook's styles part")) {
            return new StylesTable(in);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public TimesheetLimits limits() {
        return limits;
    }

    @Override
    public boolean spreadsheet() {
        return true;
    }

    @Override
    public CsvTable.Row next() throws IOException {
        CsvTable.Row row = pending != null ? pending : read(header);
        pending = null;
        if (row != null && row.isTotal()) {
            CsvTable.Row after = read(header);
            if (after == null) {
                return null;
            }
            pending = after;
        }
        return row;
    }

    /** The next non-blank row ({@code names}: the header, to name columns in reports). */
    private CsvTable.Row read(List<String> names) throws IOException {
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    CsvTable.Row row = row(r == null ? 0 : Long.parseLong(r), names);
                    if (!row.fields().stream().allMatch(String::isBlank)) {
                        return row;
                    }
                }
            }
            return null;
        } catch (XMLStreamException e) {
            if (guard.failure() != null) {
                throw guard.failure();
            }
            throw new IOException("the sheet cannot be read: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IOException("the sheet cannot be read: " + e.getMessage(), e);
        }
    }

    private CsvTable.Row row(long line, List<String> names) throws XMLStreamException, IOException {
        List<String> fields = new ArrayList<>();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                String ref = xml.getAttributeValue(null, "r");
                int column = ref == null ? fields.size() : column(ref);
                String type = xml.getAttributeValue(null, "t");
                String style = xml.getAttributeValue(null, "s");
                if (column >= limits.rowFields() || column < 0) {
                    throw new LimitExceededException(line, ref, "the row holds "
                            + LimitExceededException.moreThan(limits.rowFields(), "cells", "row-fields"));
                }
                String value = cell(type, style, line, column, names);
                if (value.length() > limits.fieldLength()) {
                    throw new LimitExceededException(line, LimitExceededException.columnName(names, column),
                            "the value holds " + LimitExceededException.moreThan(limits.fieldLength(), "characters",
                            "field-length"));
                }
                while (fields.size() < column) {
                    fields.add("");
                }
                fields.add(value);
            }
        }
        return new CsvTable.Row(line, fields);
    }

    /** Reads a cell's content up to its end tag. */
    private String cell(String type, String style, long line, int column, List<String> names)
            throws XMLStreamException, IOException {
        StringBuilder v = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        String element = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                element = xml.getLocalName();
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if ("v".equals(element)) {
                    v.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                } else if ("t".equals(element)) {
                    inline.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
                if (v.length() + inline.length() > limits.fieldLength()) {
                    throw new LimitExceededException(line, LimitExceededException.columnName(names, column),
                            "the value holds " + LimitExceededException.moreThan(limits.fieldLength(), "characters",
                            "field-length"));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (xml.getLocalName().equals("c")) {
                    break;
                }
                element = null;
            }
        }
        String raw = v.toString();
        if (type == null || type.equals("n")) {
            return raw.isEmpty() ? "" : number(raw, style);
        }
        return switch (type) {
            case "s" -> {
                String shared = strings.get(Integer.parseInt(raw.strip()));
                if (shared == null) {
                    throw new IOException("line " + line + ", " + LimitExceededException.columnName(names, column)
                            + ": the cell refers to shared string " + raw.strip() + ", which the workbook does not hold");
                }
                yield shared;
            }
            case "inlineStr" -> SharedStrings.decode(inline.toString());
            case "b" -> raw.equals("1") ? "true" : "false";
            case "e" -> "#" + raw;
            default -> raw; // str: a formula's text
        };
    }

    private String number(String raw, String style) {
        BigDecimal number = new BigDecimal(raw);
        if (Math.abs((long) number.scale()) > 400) {
            return raw; // 1E+999999999 written out would take a gigabyte; as written, it is refused as a value later
        }
        if (style != null && !style.isEmpty() && dateStyles.computeIfAbsent(Integer.parseInt(style), this::isDateStyle)) {
            double d = number.doubleValue();
            if (d < 1) {
                long seconds = Math.round(d * 86_400);
                return two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
            }
            LocalDateTime at = DateUtil.getLocalDateTime(d).truncatedTo(ChronoUnit.SECONDS);
            return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().toString() : at.toString();
        }
        return number.stripTrailingZeros().toPlainString();
    }

    /** Whether a style formats dates: POI matches the format against patterns, once per style here, not per cell. */
    private boolean isDateStyle(int index) {
        XSSFCellStyle cellStyle = styles.getStyleAt(index);
        return cellStyle != null && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    private static int column(String ref) {
        int column = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            column = column * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return column - 1;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing anyway
        }
        sheet.close();
        pkg.revert();
        deleteQuietly(temporary);
    }
}
