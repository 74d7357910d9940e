package dev.crahub.system;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jolokia access policy ({@link JolokiaAccessPolicy}) attacked through HTTP as the {@code ops} user would, with
 * a real form-login session and CSRF token against the running hub: each way the attack on the console used to turn
 * ops into admin (an expression reading a secret, a file written into {@code routes/}, a heap dump, the JVM's
 * properties, an attribute write, a cross-site GET, a POST without the token) is refused; what ops need (reading
 * routes, listing MBeans, stopping and starting a route) still works.
 */
class JolokiaPolicyIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    ConsoleSession ops;

    @BeforeEach
    void logIn() throws Exception {
        ops = new ConsoleSession(port);
        HttpResponse<String> login = ops.login("ops", OPS_PASSWORD);
        assertThat(login.statusCode()).as("form login answers a redirect").isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).get().asString().doesNotContain("error");
        assertThat(ops.hasSession()).isTrue();
        assertThat(ops.csrfToken()).isNotBlank();
    }

    // ---- refused -------------------------------------------------------------------------------------------

    @Test
    void anExpressionCannotReadASecret() throws Exception {
        JsonNode answer = ops.jolokia(exec(context(), "requestStringBody(java.lang.String,java.lang.String)",
                "language:simple:${properties:crahub.admin.password}", "x"));
        assertRefused(answer);
        JsonNode env = ops.jolokia(exec(context(), "requestStringBody(java.lang.String,java.lang.String)",
                "language:simple:${env:PATH}", "x"));
        assertRefused(env);
        assertThat(answer.toString() + env).doesNotContain(ADMIN_PASSWORD).doesNotContain("/usr/bin");
    }

    @Test
    void noMessageCanBeSentToAnEndpoint() throws Exception {
        String evil = """
                - route:
                    id: evil
                    from: { uri: "timer:evil?repeatCount=1", steps: [ { log: "owned" } ] }
                """;
        String uri = "file:" + home.routes() + "?fileName=evil.yaml";
        assertRefused(ops.jolokia(exec(context(), "sendStringBody(java.lang.String,java.lang.String)", uri, evil)));
        assertRefused(ops.jolokia(exec(context(), "sendBody(java.lang.String,java.lang.Object)", uri, evil)));
        assertRefused(ops.jolokia(exec(context(), "requestBody(java.lang.String,java.lang.Object)", uri, evil)));
        assertThat(home.routes().resolve("evil.yaml")).doesNotExist();
    }

    @Test
    void routesCannotBeRewrittenOrDumpedToFiles() throws Exception {
        assertRefused(ops.jolokia(exec(route("cra-build"), "updateRouteFromXml(java.lang.String)",
                "<route id=\"cra-build\"><from uri=\"timer:x\"/><to uri=\"log:x\"/></route>")));
        assertRefused(ops.jolokia(exec(context(), "dumpRoutesAsXml(boolean)", true)));
        assertRefused(ops.jolokia(exec(route("cra-build"), "remove()")));
        assertRefused(ops.jolokia(exec("org.apache.camel:context=" + contextName() + ",type=services,*", "dumpRoutes")));
    }

    @Test
    void theHeapCannotBeDumped() throws Exception {
        Path dump = Files.createTempDirectory("heap-").resolve("hub.hprof");
        assertRefused(ops.jolokia(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)",
                dump.toString(), true)));
        assertRefused(ops.jolokia(exec("com.sun.management:type=DiagnosticCommand", "gcHeapDump([Ljava.lang.String;)",
                List.of(dump.toString()))));
        assertThat(dump).doesNotExist();
    }

    @Test
    void theEnvironmentAndCommandLineCannotBeRead() throws Exception {
        assertRefused(ops.jolokia(read("java.lang:type=Runtime", "SystemProperties")));
        assertRefused(ops.jolokia(read("java.lang:type=Runtime", "InputArguments")));
        assertRefused(ops.jolokia(exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties()")));
        // the whole MBean read (as Hawtio's JMX view does) leaves the refused attributes out
        JsonNode whole = ops.jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"config\":{\"ignoreErrors\":true}}");
        assertThat(whole.toString()).doesNotContain("java.class.path").doesNotContain(ADMIN_PASSWORD);
        assertThat(whole.path("value").path("Uptime").isNumber()).isTrue();
    }

    @Test
    void everyReadableAttributeThatMightHoldASecretIsRefused() throws Exception {
        // every MBean the running hub registers: an attribute whose name smells of configuration or secrets must be
        // refused unless it was looked at and found harmless
        Pattern suspicious = Pattern.compile("(?i)propert|environment|\\benv|argument|classpath|librarypath|password"
                + "|secret|credential|token|option");
        // looked at: flags and modes, a route's metadata (id, description, group), the name of a set property
        List<String> harmless = List.of("BootClassPathSupported", "RouteProperties", "PropertyName",
                "EnvironmentVariableMode", "SystemPropertiesMode", "IgnoreMissingProperty");
        JsonNode list = ops.jolokia("{\"type\":\"list\"}").path("value");
        List<String> readable = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> domains = list.fields(); domains.hasNext(); ) {
            Map.Entry<String, JsonNode> domain = domains.next();
            for (Iterator<Map.Entry<String, JsonNode>> beans = domain.getValue().fields(); beans.hasNext(); ) {
                Map.Entry<String, JsonNode> bean = beans.next();
                for (Iterator<String> attrs = bean.getValue().path("attr").fieldNames(); attrs.hasNext(); ) {
                    String attr = attrs.next();
                    if (!suspicious.matcher(attr).find() || harmless.contains(attr)) {
                        continue;
                    }
                    String mbean = domain.getKey() + ":" + bean.getKey();
                    checked.add(mbean + " " + attr);
                    JsonNode answer = ops.jolokia(read(mbean, attr));
                    if (answer.path("status").asInt() == 200) {
                        readable.add(mbean + " " + attr + " = " + abbreviate(answer.path("value").toString()));
                    }
                }
            }
        }
        assertThat(checked).as("the scan saw the attributes").contains("java.lang:type=Runtime SystemProperties");
        System.out.println("MBean domains: " + list.properties().stream().map(Map.Entry::getKey).sorted().toList()
                + "; attributes checked: " + checked);
        assertThat(readable).as("attributes that may expose configuration, readable by ops").isEmpty();
    }

    @Test
    void credentialsInEndpointUrisAreNotReadable() throws Exception {
        // the mail route's SMTP endpoint (MailSettings.smtpUri), registered as a route's static endpoint would be
        var agent = camel.getManagementStrategy().getManagementAgent();
        boolean registerAlways = agent.getRegisterAlways();
        agent.setRegisterAlways(true);
        try {
            camel.getEndpoint("smtp://mail.example:25?connectionTimeout=30000&username=RAW(hub-mailer)&password=RAW(s3cret-smtp)");
        } finally {
            agent.setRegisterAlways(registerAlways);
        }
        String name = contextName();
        JsonNode search = ops.jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:context=" + name + ",type=endpoints,*\"}");
        assertThat(search.toString()).as("the endpoint is registered").contains("mail.example");
        JsonNode read = ops.jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=" + name
                + ",type=endpoints,*\",\"config\":{\"ignoreErrors\":true}}");
        JsonNode list = ops.jolokia("{\"type\":\"list\",\"path\":\"org.apache.camel\"}");
        assertThat(search.toString() + read + list).doesNotContain("s3cret-smtp");
        // Camel masks password= itself; the policy refuses endpoint URIs anyway (other secrets can ride in a URI)
        for (JsonNode mbean : search.path("value")) {
            if (mbean.asText().contains("mail.example")) {
                assertRefused(ops.jolokia(read(mbean.asText(), "EndpointUri")));
            }
        }
    }

    @Test
    void noAttributeCanBeWritten() throws Exception {
        assertRefused(ops.jolokia("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}"));
        assertRefused(ops.jolokia("{\"type\":\"write\",\"mbean\":\"" + esc(context())
                + "\",\"attribute\":\"Tracing\",\"value\":true}"));
        assertThat(ops.jolokia(read("java.lang:type=Memory", "Verbose")).path("value").asBoolean()).isFalse();
        assertThat(ops.jolokia(read(context(), "Tracing")).path("value").asBoolean()).isFalse();
    }

    @Test
    void nothingWorksOverGet() throws Exception {
        String mbean = URLEncoder.encode(route("timesheet-pull"), StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> stop = ops.get("/actuator/jolokia/exec/" + mbean + "/stop()");
        assertRefusedHttp(stop);
        HttpResponse<String> read = ops.get("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage");
        assertRefusedHttp(read);
        assertRefusedHttp(ops.get("/actuator/jolokia/version"));
        assertRefusedHttp(ops.get("/actuator/hawtio/jolokia/version"));
        assertThat(stop.statusCode()).as("refused before Jolokia").isEqualTo(403);
        assertThat(ConsoleSession.json(stop.body()).path("detail").asText()).contains("POST requests only");
        assertThat(state("timesheet-pull")).isEqualTo("Started");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> answer = ops.jolokiaPost(exec(route("timesheet-pull"), "stop()"), false, Map.of());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(ConsoleSession.json(answer.body()).path("detail").asText()).contains("CSRF");
        HttpResponse<String> wrong = ops.jolokiaPost(exec(route("timesheet-pull"), "stop()"), false,
                Map.of("X-XSRF-TOKEN", "forged"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        // Hawtio's own path to Jolokia (forwarded) is guarded the same way
        assertThat(ops.post("/actuator/hawtio/jolokia", exec(route("timesheet-pull"), "stop()"), false, Map.of())
                .statusCode()).isEqualTo(403);
        assertThat(state("timesheet-pull")).isEqualTo("Started");
    }

    @Test
    void cookiesAreNeitherSentCrossSiteNorReadableByScriptsAndNoOtherSiteReadsAnswers() throws Exception {
        String session = ops.setCookies.stream().filter(c -> c.startsWith("JSESSIONID=")).reduce((a, b) -> b).orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String xsrf = ops.setCookies.stream().filter(c -> c.startsWith("XSRF-TOKEN=") && !c.startsWith("XSRF-TOKEN=;"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(xsrf).containsIgnoringCase("SameSite=Strict");

        HttpResponse<String> crossOrigin = ops.jolokiaPost("{\"type\":\"version\"}", true,
                Map.of("Origin", "https://evil.example"));
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void billingWithAConsoleSessionCannotUseJolokia() throws Exception {
        ConsoleSession billing = new ConsoleSession(port);
        billing.login("billing", BILLING_PASSWORD);
        HttpResponse<String> answer = billing.jolokiaPost("{\"type\":\"version\"}", true, Map.of());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(ConsoleSession.json(answer.body()).path("detail").asText()).startsWith("Your role does not allow");
    }

    @Test
    void noProxyToOtherJmxServers() throws Exception {
        // Jolokia's proxy mode would connect wherever the request's target says (the JSR-160 service is disabled)
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            ops.jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\","
                    + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + listener.getLocalPort() + "/jmxrmi\"}}");
            // a proxied request would have connected before answering: the connection would wait in the backlog
            listener.setSoTimeout(300);
            org.assertj.core.api.Assertions.assertThatThrownBy(listener::accept)
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    // ---- allowed ---------------------------------------------------------------------------------------------

    @Test
    void opsReadTheDispatchRunsViewAndCanNeitherWriteNorCallIt() throws Exception {
        // Hawtio's view of the month-end dispatch (ADR 0026): every attribute readable, nothing else
        JsonNode whole = ops.jolokia(read("dev.crahub:type=DispatchRuns", null).replace(",\"attribute\":null", ""));
        assertThat(whole.path("status").asInt()).as(whole.toString()).isEqualTo(200);
        assertThat(whole.path("value").has("Running")).isTrue();
        for (String attribute : List.of("Running", "RunId", "Month", "DryRun", "Total", "Sent", "Failed", "Pending")) {
            JsonNode answer = ops.jolokia(read("dev.crahub:type=DispatchRuns", attribute));
            assertThat(answer.path("status").asInt()).as(attribute + ": " + answer).isEqualTo(200);
        }
        assertRefused(ops.jolokia("{\"type\":\"write\",\"mbean\":\"dev.crahub:type=DispatchRuns\","
                + "\"attribute\":\"Total\",\"value\":0}"));
        assertRefused(ops.jolokia(exec("dev.crahub:type=DispatchRuns", "getTotal()")));
        JsonNode operations = ops.jolokia("{\"type\":\"list\",\"path\":\"dev.crahub/type=DispatchRuns\"}");
        assertThat(operations.path("value").path("attr").path("Total").path("rw").asBoolean(true))
                .as("read-only attributes: " + operations).isFalse();
    }

    @Test
    void opsReadRoutesListMBeansAndStopAndStartARoute() throws Exception {
        JsonNode version = ops.jolokia("{\"type\":\"version\"}");
        assertThat(version.path("value").path("agent").asText()).isNotBlank();
        JsonNode routes = ops.jolokia("{\"type\":\"read\",\"mbean\":\"" + esc(route("invoice-issue-one"))
                + "\",\"attribute\":[\"State\",\"ExchangesTotal\",\"RouteId\"]}");
        assertThat(routes.path("status").asInt()).isEqualTo(200);
        assertThat(routes.path("value").path("RouteId").asText()).isEqualTo("invoice-issue-one");
        JsonNode list = ops.jolokia("{\"type\":\"list\",\"path\":\"org.apache.camel\",\"config\":{\"maxDepth\":1}}");
        assertThat(list.path("status").asInt()).isEqualTo(200);
        assertThat(list.path("value").toString()).contains("invoice-issue-one");
        JsonNode source = ops.jolokia(exec(context(), "dumpRoutesAsXml()"));
        assertThat(source.path("status").asInt()).isEqualTo(200);
        assertThat(source.path("value").asText()).contains("invoice-issue-one");

        assertThat(ops.jolokia(exec(route("timesheet-pull"), "stop()")).path("status").asInt()).isEqualTo(200);
        assertThat(state("timesheet-pull")).isEqualTo("Stopped");
        assertThat(ops.jolokia(exec(route("timesheet-pull"), "start()")).path("status").asInt()).isEqualTo(200);
        assertThat(state("timesheet-pull")).isEqualTo("Started");
        assertThat(ops.jolokia(exec(route("timesheet-pull"), "suspend()")).path("status").asInt()).isEqualTo(200);
        assertThat(ops.jolokia(exec(route("timesheet-pull"), "resume()")).path("status").asInt()).isEqualTo(200);
        assertThat(state("timesheet-pull")).isEqualTo("Started");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** This hub's Camel context among those other test contexts registered in the same JVM. */
    private String contextName() {
        return camel.getManagementName();
    }

    private String context() throws Exception {
        return "org.apache.camel:context=" + contextName() + ",type=context,name=\"" + camel.getName() + "\"";
    }

    private String route(String id) throws Exception {
        return "org.apache.camel:context=" + contextName() + ",type=routes,name=\"" + id + "\"";
    }

    private String state(String routeId) throws Exception {
        return ops.jolokia(read(route(routeId), "State")).path("value").asText();
    }

    private static String read(String mbean, String attribute) {
        ObjectNode request = JSON.createObjectNode().put("type", "read").put("mbean", mbean).put("attribute", attribute);
        return request.toString();
    }

    private static String exec(String mbean, String operation, Object... arguments) {
        ObjectNode request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        request.set("arguments", JSON.valueToTree(arguments));
        return request.toString();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void assertRefused(JsonNode answer) {
        assertThat(answer.path("status").asInt()).as("Jolokia status of " + answer).isEqualTo(403);
        assertThat(answer.path("value").isMissingNode()).isTrue();
    }

    private static void assertRefusedHttp(HttpResponse<String> answer) throws Exception {
        if (answer.statusCode() == 200) {
            assertRefused(ConsoleSession.json(answer.body()));
        } else {
            assertThat(answer.statusCode()).isIn(403, 405);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
