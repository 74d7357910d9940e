package dev.crahub.system;

import javax.management.ObjectName;

import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Jolokia allow-list, rule by rule (the attacks through HTTP are in {@link JolokiaPolicyIntegrationTests}). */
class JolokiaAccessPolicyTests {

    final JolokiaAccessPolicy policy = new JolokiaAccessPolicy();

    static ObjectName name(String s) throws Exception {
        return new ObjectName(s);
    }

    @Test
    void onlyPostAndOnlyReadingCommandsAndExec() {
        assertThat(policy.isHttpMethodAllowed(HttpMethod.POST)).isTrue();
        assertThat(policy.isHttpMethodAllowed(HttpMethod.GET)).isFalse();
        assertThat(policy.isTypeAllowed(RequestType.READ)).isTrue();
        assertThat(policy.isTypeAllowed(RequestType.EXEC)).isTrue();
        assertThat(policy.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(policy.isTypeAllowed(RequestType.NOTIFICATION)).isFalse();
    }

    @Test
    void routesMayBeStartedStoppedSuspendedResumedAndNothingElse() throws Exception {
        ObjectName route = name("org.apache.camel:context=crahub,type=routes,name=\"cra-build\"");
        for (String op : new String[] {"start", "start()", "stop()", "stop(long)", "suspend()", "resume()"}) {
            assertThat(policy.isOperationAllowed(route, op)).as(op).isTrue();
        }
        for (String op : new String[] {"remove()", "updateRouteFromXml(java.lang.String)", "dumpRouteAsXml(boolean)", "reset()"}) {
            assertThat(policy.isOperationAllowed(route, op)).as(op).isFalse();
        }
        assertThat(policy.isOperationAllowed(name("org.apache.camel:type=routes,*"), "stop()")).as("no patterns").isFalse();
        ObjectName context = name("org.apache.camel:context=crahub,type=context,name=\"crahub\"");
        assertThat(policy.isOperationAllowed(context, "dumpRoutesAsXml()")).isTrue();
        for (String op : new String[] {"dumpRoutesAsXml(boolean)", "dumpRoutesAsXml", "stop()", "sendStringBody(java.lang.String,java.lang.String)",
                "requestStringBody(java.lang.String,java.lang.String)", "addOrUpdateRoutesFromXml(java.lang.String)"}) {
            assertThat(policy.isOperationAllowed(context, op)).as(op).isFalse();
        }
        assertThat(policy.isOperationAllowed(name("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap")).isFalse();
        assertThat(policy.isOperationAllowed(name("java.lang:type=Memory"), "gc()")).isFalse();
        assertThat(policy.isOperationAllowed(name("hawtio:type=security,area=jmx,name=HawtioDummyJMXSecurity"),
                "canInvoke(java.lang.String)")).isTrue();
    }

    @Test
    void readsStayInTheDomainsHawtioShowsWithoutSecrets() throws Exception {
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Memory"), "HeapMemoryUsage")).isTrue();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Runtime"), "Uptime")).isTrue();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Runtime"), "SystemProperties")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Runtime"), "InputArguments")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("org.apache.camel:context=c,type=routes,name=\"r\""), "State")).isTrue();
        assertThat(policy.isAttributeReadAllowed(name("org.apache.camel:context=c,type=endpoints,name=\"smtp://h\""), "EndpointUri")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("org.apache.camel:context=c,type=context,name=\"c\""), "GlobalOptions")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("com.sun.management:type=HotSpotDiagnostic"), "DiagnosticOptions")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("org.springframework.boot:type=Admin,name=SpringApplication"), "Ready")).isFalse();
        assertThat(policy.isAttributeWriteAllowed(name("java.lang:type=Memory"), "Verbose")).isFalse();
    }

    @Test
    void neverCorsForAnotherOrigin() {
        assertThat(policy.isOriginAllowed("https://evil.example", false)).isFalse();
    }
}
