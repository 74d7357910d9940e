package dev.crahub;

import org.apache.camel.CamelContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Suspends a cached hub's Camel routes when its test class is done and resumes them when a class uses that hub
 * again. Spring keeps every test context alive until the JVM exits; without this, the timers of a hub whose class
 * is over kept polling GreenMail servers and WireMock trackers that had been stopped (pages of "connection refused"
 * warnings), a pull or a mail left inflight made the final shutdown wait, and the sum of those shutdowns at the
 * JVM's exit went past surefire's 30 s, so it killed the fork. A suspended hub stops in a moment.
 */
public class CamelPauseBetweenClasses extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public void prepareTestInstance(TestContext testContext) throws Exception {
        CamelContext camel = camel(testContext);
        if (camel != null && camel.isSuspended()) {
            camel.resume();
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        CamelContext camel = camel(testContext);
        if (camel != null && camel.isStarted()) {
            camel.suspend();
        }
    }

    private static CamelContext camel(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return null;
        }
        var beans = testContext.getApplicationContext().getBeanProvider(CamelContext.class);
        return beans.getIfAvailable();
    }
}
