package dev.crahub.timesheet.connector;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** URLs against a connector's base URL (which may carry a path prefix, as a proxy or a test server would). */
public final class Urls {

    private Urls() {
    }

    public static URI of(String baseUrl, String path, Map<String, ?> query) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                q.add(enc(k) + "=" + enc(v.toString()));
            }
        });
        return URI.create(base + path + q);
    }

    /** A link the API answered (an absolute next-page URL): same path and query, on our base URL. */
    public static URI rebase(String baseUrl, String link) {
        URI l = URI.create(link);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + l.getRawPath() + (l.getRawQuery() == null ? "" : "?" + l.getRawQuery()));
    }

    public static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
