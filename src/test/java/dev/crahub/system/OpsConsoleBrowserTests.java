package dev.crahub.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.crahub.BrowserTier;
import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio as ops use it, in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * {@code .ci/run}): the console sends a browser to the login form, and after login shows the hub's routes (its
 * Jolokia calls pass the CSRF protection and the Jolokia access policy), and lets them stop and start a route. A user
 * without the ops role is refused. Skipped on a machine without
 * Chromium (a developer's), never in CI.
 */
@EnabledIf(value = "chromiumInstalled", disabledReason = BrowserTier.REASON)
class OpsConsoleBrowserTests extends HubTestSupport {

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    @LocalServerPort
    int port;

    WebDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        browser.quit();
    }

    private void login(String user, String password) {
        browser.get("http://localhost:" + port + "/actuator/hawtio/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void opsLogInAndSeeTheRoutes() {
        login("ops", OPS_PASSWORD);
        browser.get("http://localhost:" + port + "/actuator/hawtio/camel/routes");
        try {
            // other test contexts in this JVM register Camel contexts in the same MBean server: the tree is then
            // collapsed, so expand it as a user would
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                    ExpectedConditions.elementToBeClickable(By.xpath("//*[normalize-space(text())='Expand all']"))).click();
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                    ExpectedConditions.presenceOfElementLocated(By.xpath("//*[contains(text(), 'invoice-issue-one')]")));
        } catch (org.openqa.selenium.TimeoutException e) {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            try {
                Files.write(Path.of("target", "hawtio-failure.png"), png);
            } catch (java.io.IOException ignored) {
                // the message below still says what was on screen
            }
            throw new AssertionError("Hawtio did not show the routes at " + browser.getCurrentUrl() + " (screenshot: "
                    + "target/hawtio-failure.png); the page read:\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
        assertThat(browser.getPageSource()).contains("cra-build", "delivery-mail-invoice", "timesheet-ingest-file");
    }

    @Test
    void opsStopAndStartARouteFromTheConsole() {
        login("ops", OPS_PASSWORD);
        browser.get("http://localhost:" + port + "/actuator/hawtio/camel/routes");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        try {
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[normalize-space(text())='Expand all']"))).click();
            // the routes folder of a Camel context: its table lists the routes with a checkbox each
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("(//*[normalize-space(text())='routes'])[1]"))).click();
            By row = By.xpath("//tr[.//*[normalize-space(text())='timesheet-pull']]");
            By checkbox = By.xpath("//tr[.//*[normalize-space(text())='timesheet-pull']]//input[@type='checkbox']");
            // the console redraws its table as it polls the routes: every element is found afresh, a stale one retried
            org.openqa.selenium.support.ui.FluentWait<org.openqa.selenium.WebDriver> fresh =
                    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            fresh.until(ExpectedConditions.textToBePresentInElementLocated(row, "Started"));
            fresh.until(d -> {
                d.findElement(checkbox).click();
                return true;
            });
            fresh.until(d -> {
                d.findElement(By.xpath("//button[normalize-space(.)='Stop' and not(@disabled)]")).click();
                return true;
            });
            fresh.until(ExpectedConditions.textToBePresentInElementLocated(row, "Stopped"));
            fresh.until(d -> {
                org.openqa.selenium.WebElement box = d.findElement(checkbox);
                if (!box.isSelected()) {
                    box.click();
                }
                return true;
            });
            fresh.until(d -> {
                d.findElement(By.xpath("//button[normalize-space(.)='Start' and not(@disabled)]")).click();
                return true;
            });
            fresh.until(ExpectedConditions.textToBePresentInElementLocated(row, "Started"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw failure("stop and start timesheet-pull", e);
        }
    }

    private AssertionError failure(String what, RuntimeException e) {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        try {
            Files.write(Path.of("target", "hawtio-failure.png"), png);
        } catch (java.io.IOException ignored) {
            // the message below still says what was on screen
        }
        return new AssertionError("Hawtio could not " + what + " at " + browser.getCurrentUrl() + " (screenshot: "
                + "target/hawtio-failure.png); the page read:\n" + browser.findElement(By.tagName("body")).getText(), e);
    }

    @Test
    void billingCannotOpenTheConsole() {
        login("billing", BILLING_PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/actuator/hawtio"));
        assertThat(browser.getPageSource()).doesNotContain("invoice-issue-one").containsIgnoringCase("403");
    }
}
