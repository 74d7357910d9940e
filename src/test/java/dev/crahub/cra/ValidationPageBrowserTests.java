package dev.crahub.cra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

import dev.crahub.BrowserTier;
import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation page as an approver uses it, in a real headless Chromium with JavaScript turned off (the page needs
 * none): open the link, approve, see the outcome; on another CRA, reject with a comment on one day; the page at phone
 * width without horizontal scrolling. Screenshots go to {@code target/} (and {@code /tmp/i7-page-*.png} when
 * {@code -Dcrahub.page.screenshots=/tmp} is given). Skipped on a machine without Chromium, as the ops console's test.
 */
@EnabledIf(value = "chromiumInstalled", disabledReason = BrowserTier.REASON)
class ValidationPageBrowserTests extends HubTestSupport {

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ValidationTokens tokens;

    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        ValidationFixture.load(admin(), jdbc);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        // the page must work without scripts
        options.addArguments("--blink-settings=scriptEnabled=false");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        browser.quit();
    }

    private String link(String contract, String name, String email) {
        long cra = ValidationFixture.cra(jdbc, contract, "2025-08");
        ValidationFixture.send(jdbc, cra);
        return "http://localhost:" + port + "/validation/" + tokens.issue(cra, name, email, OffsetDateTime.now()).token();
    }

    @Test
    void anApproverApprovesAndSeesTheOutcome() throws Exception {
        String url = link("page-fr", "Claire Martin", "claire.martin@globex.example");
        browser.get(url);
        assertThat(browser.getTitle()).contains("Validation du compte rendu d'activité", "août 2025");
        WebElement holiday = browser.findElement(By.cssSelector("td[data-date='2025-08-15']"));
        assertThat(holiday.getAttribute("class")).contains("holiday");
        assertThat(holiday.getText()).contains("Assomption");
        assertThat(browser.findElement(By.cssSelector("td[data-date='2025-08-02']")).getAttribute("class")).contains("weekend");
        assertThat(browser.findElement(By.cssSelector("table.sessions")).getText()).contains("Atelier <b>cadrage</b>");
        screenshot("fr-desktop");

        browser.findElement(By.cssSelector("button.approve")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("section.outcome")).size() == 1);
        assertThat(browser.getCurrentUrl()).isEqualTo(url);
        String outcome = browser.findElement(By.cssSelector("section.outcome")).getText();
        assertThat(outcome).contains("Merci, votre décision est enregistrée.", "Approuvé par Claire Martin le");
        assertThat(browser.findElements(By.tagName("form"))).isEmpty();
        screenshot("fr-desktop-approved");
        assertThat(jdbc.sql("SELECT status FROM cra WHERE id = :id").param("id", ValidationFixture.cra(jdbc, "page-fr", "2025-08"))
                .query(String.class).single()).isEqualTo("APPROVED");
    }

    @Test
    void anApproverRejectsOneDayWithAComment() throws Exception {
        String url = link("page-en", "Peter Gibbons", "peter@initech.example");
        browser.get(url);
        assertThat(browser.getTitle()).contains("Activity report approval", "August 2025");
        screenshot("en-desktop");
        browser.findElement(By.cssSelector("details summary")).click();
        browser.findElement(By.name("day.2025-08-04.dispute")).click();
        browser.findElement(By.name("day.2025-08-04.comment")).sendKeys("The call was cancelled <b>twice</b>");
        screenshot("en-desktop-dispute");
        browser.findElement(By.cssSelector("button.reject")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("section.outcome")).size() == 1);
        String outcome = browser.findElement(By.cssSelector("section.outcome")).getText();
        assertThat(outcome).contains("Rejected by Peter Gibbons on", "The call was cancelled <b>twice</b>");
        assertThat(browser.findElement(By.cssSelector("td[data-date='2025-08-04']")).getAttribute("class")).contains("disputed");
        screenshot("en-desktop-rejected");
        long cra = ValidationFixture.cra(jdbc, "page-en", "2025-08");
        assertThat(jdbc.sql("SELECT d.comment FROM cra_day_decision d JOIN cra_decision k ON k.id = d.decision_id WHERE k.cra_id = :id")
                .param("id", cra).query(String.class).single()).isEqualTo("The call was cancelled <b>twice</b>");
    }

    @Test
    void onAPhoneThePageFitsTheScreen() throws Exception {
        long cra = ValidationFixture.cra(jdbc, "page-fr", "2025-09");
        ValidationFixture.send(jdbc, cra);
        long en = ValidationFixture.cra(jdbc, "page-en", "2025-09");
        ValidationFixture.send(jdbc, en);
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String[] one : new String[][] {
                {"fr", "http://localhost:" + port + "/validation/" + tokens.issue(cra, "Claire Martin", "claire.martin@globex.example", OffsetDateTime.now()).token()},
                {"en", "http://localhost:" + port + "/validation/" + tokens.issue(en, "Peter Gibbons", "peter@initech.example", OffsetDateTime.now()).token()}}) {
            browser.get(one[1]);
            long viewport = width("return document.documentElement.clientWidth");
            long content = width("return document.documentElement.scrollWidth");
            assertThat(content).as("no horizontal scrolling at phone width (%s)", one[0]).isLessThanOrEqualTo(viewport);
            WebElement approve = browser.findElement(By.cssSelector("button.approve"));
            assertThat(approve.getSize().getWidth()).as("the buttons take the phone's width").isGreaterThan(300);
            screenshot(one[0] + "-phone");
        }
        browser.get("http://localhost:" + port + "/validation/expired.link");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isIn("Lien inconnu", "Unknown link");
        screenshot("fr-phone-unknown");
    }

    private long width(String script) {
        // reading the layout is the test's business, not the page's: scripts are off for the page only through
        // blink settings, the driver's own script channel still works
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).longValue();
    }

    private void screenshot(String name) throws Exception {
        // the whole page, not only the window
        long height = width("return document.documentElement.scrollHeight");
        Dimension window = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 6000)));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        browser.manage().window().setSize(window);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "i7-page-" + name + ".png"), png);
        String copy = System.getProperty("crahub.page.screenshots");
        if (copy != null) {
            Files.write(Path.of(copy, "i7-page-" + name + ".png"), png);
        }
    }
}
