package dev.crahub.system;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ops console may do through Jolokia (configured as Jolokia's {@code restrictorClass}, see ADR 0008). Ops
 * watch and start or stop routes; nothing else. An allow-list, so an MBean added by a library tomorrow is refused
 * until someone adds it here:
 * <ul>
 * <li>requests only over POST (the console chain checks the CSRF token of every POST); never cross-origin CORS;</li>
 * <li>read, list, search and version; reading attributes only of the domains Hawtio shows (Camel, the JVM's
 * platform MBeans, the connection pool, the hub's own read-only MBeans such as {@code dev.crahub:type=DispatchRuns}), minus the attributes that expose the environment, the command line, the
 * class path, Camel's global options or an endpoint URI (credentials can ride in URIs);</li>
 * <li>exec only of a Camel route's start, stop, suspend and resume, plus two queries without effect that Hawtio's
 * screens need: the route source ({@code dumpRoutesAsXml()} without arguments, which leaves property placeholders
 * unresolved) and Hawtio's own "may I invoke this" check ({@code canInvoke});</li>
 * <li>no attribute write, no notification listener.</li>
 * </ul>
 * Everything else (Camel's sendBody/requestBody and expression languages, route updates and dumps, heap dumps,
 * diagnostic commands, flight recordings, logging level changes, MBean registration) is refused with a
 * {@code SecurityException} that Jolokia answers as 403.
 */
public final class JolokiaAccessPolicy implements Restrictor {

    private static final Logger log = LoggerFactory.getLogger(JolokiaAccessPolicy.class);

    private static final Set<RequestType> TYPES = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION, RequestType.EXEC);

    /** Domains whose attributes ops may read (what Hawtio's Camel, JMX and Runtime views show). */
    private static final Set<String> READABLE_DOMAINS = Set.of("org.apache.camel", "java.lang", "java.nio",
            "java.util.logging", "JMImplementation", "com.zaxxer.hikari", "jolokia", "hawtio", "dev.crahub");

    /** Attributes of readable domains that reveal the environment, the command line or the file system layout. */
    private static final Map<String, Set<String>> SECRET_ATTRIBUTES = Map.of(
            "java.lang:type=Runtime", Set.of("SystemProperties", "InputArguments", "ClassPath", "BootClassPath",
                    "LibraryPath"));

    /**
     * Camel attributes holding configuration or an endpoint's URI. Camel masks the URI parameters it knows as
     * secret ({@code password=xxxxxx}), but a URI can carry others (a token in a path, a vendor's own parameter
     * name): refused as a precaution, Hawtio shows the (masked) endpoint names anyway.
     */
    private static boolean camelSecret(ObjectName name, String attribute) {
        return "org.apache.camel".equals(name.getDomain()) && attribute != null && (attribute.endsWith("Uri")
                || attribute.endsWith("Url") || attribute.equals("Destination") || attribute.equals("GlobalOptions"));
    }

    /** The operations ops may invoke: MBean domain and type, then operation names (any signature) or exact signatures. */
    private record Allowed(String domain, String type, Set<String> names, Set<String> signatures) {
        boolean allows(ObjectName name, String operation, String bare) {
            return domain.equals(name.getDomain()) && type.equals(name.getKeyProperty("type"))
                    && (names.contains(bare) || signatures.contains(operation));
        }
    }

    private static final List<Allowed> OPERATIONS = List.of(
            new Allowed("org.apache.camel", "routes", Set.of("start", "stop", "suspend", "resume"), Set.of()),
            new Allowed("org.apache.camel", "context", Set.of(), Set.of("dumpRoutesAsXml()")),
            new Allowed("hawtio", "security", Set.of("canInvoke"), Set.of()));

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return TYPES.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        if (name == null || !READABLE_DOMAINS.contains(name.getDomain())) {
            return refusedQuietly("read", name, attribute);
        }
        if (camelSecret(name, attribute)) {
            return refusedQuietly("read", name, attribute);
        }
        for (Map.Entry<String, Set<String>> secret : SECRET_ATTRIBUTES.entrySet()) {
            if (sameMBean(name, secret.getKey()) && (attribute == null || secret.getValue().contains(attribute))) {
                return refusedQuietly("read", name, attribute);
            }
        }
        return true;
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return refused("write", name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        String exact = operation == null ? "" : operation.replaceAll("\\s", "");
        String bare = exact.replaceFirst("\\(.*$", "");
        boolean allowed = name != null && !name.isPattern()
                && OPERATIONS.stream().anyMatch(rule -> rule.allows(name, exact, bare));
        return allowed || refused("exec", name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // who may call is Spring Security's business (ops role, form login, CSRF)
        return true;
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        // strict check (the Origin or Referer of each request): left to Spring Security's CSRF and SameSite cookies,
        // Hawtio calls from its own origin. CORS headers (non-strict question): never, no other site may read answers
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private static boolean sameMBean(ObjectName name, String canonical) {
        try {
            return new ObjectName(canonical).equals(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean refused(String what, ObjectName name, String member) {
        log.info("Jolokia refused {} of {} on {}", what, member, name);
        return false;
    }

    /** Hawtio reads whole MBeans every few seconds: refused attributes are logged at debug level only. */
    private static boolean refusedQuietly(String what, ObjectName name, String member) {
        log.debug("Jolokia refused {} of {} on {}", what, member, name);
        return false;
    }
}
