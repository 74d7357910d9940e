package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * The first sheet of an XLSX file read row by row with POI's event API (the sheet's XML is pulled with StAX, never
 * loaded as a workbook), so big sheets stream. Cells come out as text: shared and inline strings as written, numbers
 * in plain notation, date-formatted numbers as ISO dates, date-times or (below one day) clock times, which the
 * readers take as times of day or durations.
 */
public final class XlsxTable implements RowSource {

    private final OPCPackage pkg;
    private final InputStream sheet;
    private final XMLStreamReader xml;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final List<String> header;
    private CsvTable.Row pending;

    private XlsxTable(OPCPackage pkg, InputStream sheet, XMLStreamReader xml, ReadOnlySharedStringsTable strings,
                      StylesTable styles) throws IOException {
        this.pkg = pkg;
        this.sheet = sheet;
        this.xml = xml;
        this.strings = strings;
        this.styles = styles;
        CsvTable.Row first = read();
        this.header = first == null ? List.of() : first.fields();
    }

    public static XlsxTable open(TextInput input) throws IOException {
        OPCPackage pkg;
        try {
            pkg = input.path() != null ? OPCPackage.open(input.path().toFile(), PackageAccess.READ)
                    : OPCPackage.open(input.open());
        } catch (InvalidFormatException | RuntimeException e) {
            throw new IOException("not an XLSX workbook: " + e.getMessage(), e);
        }
        try {
            XSSFReader reader = new XSSFReader(pkg);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new IOException("the workbook has no sheet");
            }
            InputStream sheet = sheets.next();
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            return new XlsxTable(pkg, sheet, factory.createXMLStreamReader(sheet),
                    new ReadOnlySharedStringsTable(pkg, false), reader.getStylesTable());
        } catch (OpenXML4JException | XMLStreamException | org.xml.sax.SAXException e) {
            pkg.revert();
            throw new IOException("the workbook cannot be read: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            pkg.revert();
            throw e;
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public boolean spreadsheet() {
        return true;
    }

    @Override
    public CsvTable.Row next() throws IOException {
        CsvTable.Row row = pending != null ? pending : read();
        pending = null;
        if (row != null && row.isTotal()) {
            CsvTable.Row after = read();
            if (after == null) {
                return null;
            }
            pending = after;
        }
        return row;
    }

    /** The next non-blank row. */
    private CsvTable.Row read() throws IOException {
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    CsvTable.Row row = row(r == null ? 0 : Long.parseLong(r));
                    if (!row.fields().stream().allMatch(String::isBlank)) {
                        return row;
                    }
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw new IOException("the sheet cannot be read: " + e.getMessage(), e);
        }
    }

    private CsvTable.Row row(long line) throws XMLStreamException {
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
                String value = cell(type, style);
                while (fields.size() < column) {
                    fields.add("");
                }
                fields.add(value);
            }
        }
        return new CsvTable.Row(line, fields);
    }

    /** Reads a cell's content up to its end tag. */
    private String cell(String type, String style) throws XMLStreamException {
        StringBuilder v = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        String element = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                element = xml.getLocalName();
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if ("v".equals(element)) {
                    v.append(xml.getText());
                } else if ("t".equals(element)) {
                    inline.append(xml.getText());
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
            case "s" -> strings.getItemAt(Integer.parseInt(raw.strip())).getString();
            case "inlineStr" -> inline.toString();
            case "b" -> raw.equals("1") ? "true" : "false";
            case "e" -> "#" + raw;
            default -> raw; // str: a formula's text
        };
    }

    private String number(String raw, String style) {
        BigDecimal number = new BigDecimal(raw);
        if (style != null && !style.isEmpty()) {
            XSSFCellStyle cellStyle = styles.getStyleAt(Integer.parseInt(style));
            if (cellStyle != null && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString())) {
                double d = number.doubleValue();
                if (d < 1) {
                    long seconds = Math.round(d * 86_400);
                    return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
                }
                LocalDateTime at = DateUtil.getLocalDateTime(d).truncatedTo(ChronoUnit.SECONDS);
                return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().toString() : at.toString();
            }
        }
        return number.stripTrailingZeros().toPlainString();
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
    }
}
