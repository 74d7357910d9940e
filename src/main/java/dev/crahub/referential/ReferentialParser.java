package dev.crahub.referential;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.springframework.stereotype.Component;

/** Reads a referential YAML document into records. Unknown keys are errors: a typo must not pass silently. */
@Component
public class ReferentialParser {

    private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public Referential parse(byte[] document) {
        try {
            Referential referential = yaml.readValue(document, Referential.class);
            if (referential == null) {
                throw new InvalidReferentialException(List.of("the document is empty"));
            }
            return referential;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidReferentialException(List.of(near(e) + pathOf(e) + "unknown key '" + e.getPropertyName()
                    + "' (expected one of " + e.getKnownPropertyIds() + ")"));
        } catch (JsonMappingException e) {
            throw new InvalidReferentialException(List.of(near(e) + pathOf(e) + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidReferentialException(List.of("not readable YAML: " + e.getMessage()));
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
