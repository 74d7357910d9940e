package dev.crahub;

/** The browser tier's skip reason, shared by the tests that drive a real headless Chromium. */
public final class BrowserTier {

    public static final String REASON = SkippedTiersListener.TIER
            + "Chromium: /usr/bin/chromium or /usr/bin/chromedriver is not installed (.ci/run installs them)";

    private BrowserTier() {
    }
}
