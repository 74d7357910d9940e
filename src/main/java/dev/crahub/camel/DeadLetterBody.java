package dev.crahub.camel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * How a failed exchange's body is kept in a dead letter and given back on replay. The body of a unit of work is
 * a CRA or dispatch id (a {@code Long}), a contract code or connector name (a {@code String}), or bytes; it is
 * stored as bytes (text in UTF-8) with its type, and the replay gives the route back the same type. Asking Camel
 * for {@code byte[]} directly is what broke past id 127: it converts a {@code Long} through {@code byte}. Any
 * other body is stored as Camel's text form of it (or its bytes) and replayed as that text or those bytes: a dead
 * letter is always recorded, whatever its body.
 */
record DeadLetterBody(byte[] bytes, String type) {

    static final String BYTES = "byte[]";
    static final String TEXT = "java.lang.String";

    /** The types a replay gives back as such; anything else was stored as text or bytes. */
    private static final Map<String, Class<?>> RESTORABLE = Map.of(
            "java.lang.Long", Long.class, "java.lang.Integer", Integer.class, "java.lang.Short", Short.class,
            "java.math.BigDecimal", BigDecimal.class, "java.math.BigInteger", BigInteger.class,
            "java.lang.Boolean", Boolean.class, TEXT, String.class);

    static DeadLetterBody of(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return new DeadLetterBody(null, null);
        }
        if (body instanceof byte[] bytes) {
            return new DeadLetterBody(bytes, BYTES);
        }
        if (body instanceof CharSequence || body instanceof Number || body instanceof Boolean
                || body instanceof Enum<?>) {
            String type = RESTORABLE.containsKey(body.getClass().getName()) ? body.getClass().getName() : TEXT;
            return new DeadLetterBody(body.toString().getBytes(StandardCharsets.UTF_8), type);
        }
        // streams, files, documents: what Camel reads from them as text, else as bytes, else their toString
        String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
        if (text != null) {
            return new DeadLetterBody(text.getBytes(StandardCharsets.UTF_8), TEXT);
        }
        byte[] bytes = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
        if (bytes != null) {
            return new DeadLetterBody(bytes, BYTES);
        }
        return new DeadLetterBody(String.valueOf(body).getBytes(StandardCharsets.UTF_8), TEXT);
    }

    /** The body to replay: the stored type again (a Long stays a Long), text when the type is unknown. */
    static Object restore(byte[] bytes, String type) {
        if (bytes == null) {
            return null;
        }
        if (BYTES.equals(type)) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Class<?> target = type == null ? String.class : RESTORABLE.getOrDefault(type, String.class);
        if (target == Long.class) {
            return Long.valueOf(text);
        } else if (target == Integer.class) {
            return Integer.valueOf(text);
        } else if (target == Short.class) {
            return Short.valueOf(text);
        } else if (target == BigDecimal.class) {
            return new BigDecimal(text);
        } else if (target == BigInteger.class) {
            return new BigInteger(text);
        } else if (target == Boolean.class) {
            return Boolean.valueOf(text);
        }
        return text;
    }

    /** What ops read in the dead letter list: the text, or a note for binary content. */
    static String display(byte[] bytes, String type) {
        if (bytes == null) {
            return null;
        }
        if (BYTES.equals(type)) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException binary) {
                return "(" + bytes.length + " bytes of binary content)";
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
