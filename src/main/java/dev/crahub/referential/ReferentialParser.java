package dev.crahub.referential;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.crahub.system.XmlCharacters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a referential YAML document into records. Unknown keys are errors: a typo must not pass silently. A document
 * longer than {@code crahub.referential.max-characters} (SnakeYAML's code point limit, default 3 MiB) is refused,
 * and so is any text holding a character an XML document cannot carry, or a control character (names and addresses
 * end up in every CRA and invoice; see {@link XmlCharacters}).
 */
@Component
public class ReferentialParser {

    /** SnakeYAML's own default, made explicit. */
    public static final int DEFAULT_MAX_CHARACTERS = 3 * 1024 * 1024;

    private final ObjectMapper yaml;
    private final int maxCharacters;

    public ReferentialParser() {
        this(DEFAULT_MAX_CHARACTERS);
    }

    @Autowired
    public ReferentialParser(@Value("${crahub.referential.max-characters:" + DEFAULT_MAX_CHARACTERS + "}") int maxCharacters) {
        this.maxCharacters = maxCharacters;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(maxCharacters);
        yaml = JsonMapper.builder(YAMLFactory.builder().loaderOptions(options).build())
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /**
     * The most bytes a document within {@code crahub.referential.max-characters} can take (4 bytes a character in
     * UTF-8): a file or request body above it is refused before it is read into memory.
     */
    public long maxBytes() {
        return 4L * maxCharacters;
    }

    /** Refuses, before reading it, a document too big to be within the character limit whatever its text. */
    public void checkSize(long bytes) {
        if (bytes > maxBytes()) {
            throw new InvalidReferentialException(List.of(String.format(java.util.Locale.ROOT,
                    "the document holds %,d bytes, more than %,d characters can take (the limit "
                            + "crahub.referential.max-characters); nothing was read", bytes, maxCharacters)));
        }
    }

    public Referential parse(byte[] document) {
        try {
            Referential referential = yaml.readValue(document, Referential.class);
            if (referential == null) {
                throw new InvalidReferentialException(List.of("the document is empty"));
            }
            List<String> problems = new ArrayList<>();
            texts(referential, "", problems);
            if (!problems.isEmpty()) {
                throw new InvalidReferentialException(problems);
            }
            return referential;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidReferentialException(List.of(near(e) + pathOf(e) + "unknown key '" + e.getPropertyName()
                    + "' (expected one of " + e.getKnownPropertyIds() + ")"));
        } catch (JsonMappingException e) {
            tooLong(e);
            throw new InvalidReferentialException(List.of(near(e) + pathOf(e) + e.getOriginalMessage()));
        } catch (IOException e) {
            tooLong(e);
            throw new InvalidReferentialException(List.of("not readable YAML: " + e.getMessage()));
        }
    }

    /** SnakeYAML's code point limit, in the user's terms. */
    private void tooLong(IOException e) {
        if (String.valueOf(e.getMessage()).contains("exceeds the limit")) {
            throw new InvalidReferentialException(List.of(String.format(java.util.Locale.ROOT,
                    "the document holds more than %,d characters, the limit crahub.referential.max-characters",
                    maxCharacters)));
        }
    }

    /** Every text of the document, walked through its records and lists: {@code clients[1].name: control ...}. */
    private static void texts(Object value, String path, List<String> problems) {
        if (value instanceof String s) {
            int bad = XmlCharacters.firstRefused(s);
            if (bad >= 0) {
                problems.add(path + ": " + XmlCharacters.describe(s, bad));
            }
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    texts(c.getAccessor().invoke(r), (path.isEmpty() ? "" : path + ".") + c.getName(), problems);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                texts(list.get(i), path + "[" + i + "]", problems);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> texts(v, path + "." + k, problems));
        }
    }

    private static String near(JsonMappingException e) {
        return e.getLocation() == null ? "" : "near line " + e.getLocation().getLineNr() + ": ";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.isEmpty() ? "" : sb + ": ";
    }
}
