package dev.crahub.document;

import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.copyXsl;
import static dev.crahub.document.TestDocuments.nodes;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class LabelDictionaryTests {

    private static final Pattern LABEL_CALL = Pattern.compile("f:label\\(\\s*'([^']+)'");
    private static final String XSL_NS = "http://www.w3.org/1999/XSL/Transform";
    private static final String FO_NS = "http://www.w3.org/1999/XSL/Format";
    private static final String XHTML_NS = "http://www.w3.org/1999/xhtml";

    @Test
    void everyReferencedKeyExistsInEveryDictionary() throws IOException {
        Set<String> referenced = referencedKeys();
        assertThat(referenced).hasSizeGreaterThan(50).contains("invoice.title", "invoice.total.gross",
                "mention.reverse-charge", "annex.time.title");

        dictionaries().forEach((language, keys) -> assertThat(keys).as("keys of l10n/%s.xml", language)
                .containsAll(referenced));
    }

    @Test
    void dictionariesHaveTheSameKeysIncludingWeekdaysAndMonths() throws IOException {
        Map<String, List<String>> dictionaries = dictionaries();
        List<String> french = dictionaries.get("fr.xml");

        assertThat(dictionaries).containsKeys("fr.xml", "en.xml");
        dictionaries.forEach((language, keys) -> {
            assertThat(keys).as("no duplicate key in %s", language).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(keys)).as("same keys in %s as in fr.xml", language).isEqualTo(new TreeSet<>(french));
        });
        assertThat(french).containsAll(IntStream.rangeClosed(1, 7).mapToObj(i -> "weekday." + i).toList());
        assertThat(french).containsAll(IntStream.rangeClosed(1, 12).mapToObj(i -> "month." + i).toList());
    }

    @Test
    void templatesHoldNoLiteralText() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path stylesheet : stylesheets()) {
            Document document = parse(Files.readAllBytes(stylesheet));
            NodeList all = nodes(document, "//text()[normalize-space()]");
            for (int i = 0; i < all.getLength(); i++) {
                Node text = all.item(i);
                Element parent = (Element) text.getParentNode();
                boolean output = FO_NS.equals(parent.getNamespaceURI())
                        // the validation page's HTML (its inline CSS aside)
                        || (XHTML_NS.equals(parent.getNamespaceURI()) && !parent.getLocalName().equals("style"))
                        || (XSL_NS.equals(parent.getNamespaceURI()) && parent.getLocalName().equals("text"));
                if (output && !text.getNodeValue().matches("[\\s\\p{Punct}–·]*")) {
                    offenders.add(stylesheet + ": " + text.getNodeValue().trim());
                }
            }
        }
        assertThat(offenders).as("literal text must come from l10n/*.xml via f:label()").isEmpty();
    }

    @Test
    void aMissingKeyStopsTheTransformation(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        Files.writeString(xsl.resolve("probe.xsl"), """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                                xmlns:f="urn:crahub:xsl:functions">
                  <xsl:import href="fo/format.xsl"/>
                  <xsl:template match="/"><out><xsl:value-of select="f:label('no.such.key')"/></out></xsl:template>
                </xsl:stylesheet>
                """, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new XslTransformer(xsl).transform("probe.xsl", sample("invoice-sample.xml")))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("probe.xsl")
                .hasMessageContaining("Missing label key 'no.such.key'")
                .hasMessageContaining("fo/format.xsl, line");
    }

    @Test
    void aKeyMissingInEnglishFallsBackToFrench(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        Path english = xsl.resolve("l10n/en.xml");
        String withoutPaymentTitle = Files.readString(english).replaceAll("\\s*<label key=\"payment.title\">[^<]*</label>", "");
        Files.writeString(english, withoutPaymentTitle);

        byte[] fo = new XslTransformer(xsl).transform("invoice-fo.xsl",
                with(sample("invoice-sample.xml"), "/inv:invoice/@language", "en"));

        assertThat(new String(fo, StandardCharsets.UTF_8)).contains("Conditions de paiement", "Amount due");
    }

    private static List<Path> stylesheets() throws IOException {
        try (Stream<Path> files = Files.walk(XSL)) {
            return files.filter(path -> path.toString().endsWith(".xsl")).sorted().toList();
        }
    }

    private static Set<String> referencedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (Path stylesheet : stylesheets()) {
            Matcher matcher = LABEL_CALL.matcher(Files.readString(stylesheet));
            while (matcher.find()) {
                keys.add(matcher.group(1));
            }
        }
        return keys;
    }

    private static Map<String, List<String>> dictionaries() throws IOException {
        Map<String, List<String>> dictionaries = new TreeMap<>();
        try (Stream<Path> files = Files.list(XSL.resolve("l10n"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".xml")).toList()) {
                Document document = parse(Files.readAllBytes(file));
                NodeList labels = document.getElementsByTagName("label");
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < labels.getLength(); i++) {
                    keys.add(((Element) labels.item(i)).getAttribute("key"));
                }
                dictionaries.put(file.getFileName().toString(), keys);
            }
        }
        return dictionaries;
    }
}
