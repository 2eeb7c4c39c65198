package app.tandem.ui.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.web.UiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two real browsers (headless Chromium) type at the same time into the same collaborative text field of the
 * test page, served by the real embedded Jetty + Vaadin (production bundle) and backed by the in-JVM
 * {@link TestSequencer}. Both must end with the same text, containing every keystroke of both, in the order each
 * typed them. Run with {@code mvn -o -pl frontend -Pe2e verify -Dtest=CollabTextTwoBrowsersTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("e2e")
class CollabTextTwoBrowsersTest {
    private static final String INITIAL = "Plan: ";
    private static final String TYPED_A = "the quick brown fox jumps over";
    private static final String TYPED_B = "PACK MY BOX WITH FIVE DOZEN 42";
    private static UiServer server;
    private static final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = UiServer.start("127.0.0.1", 0);
    }

    @AfterEach
    void closeBrowsers() {
        for (WebDriver d : drivers) {
            d.quit();
        }
        drivers.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        Path profile = Files.createTempDirectory("tandem-chromium-");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/" + CollabTextTestView.ROUTE;
    }

    private static Object js(WebDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    private static String value(WebDriver d) {
        return (String) js(d, "const el = document.querySelector('tandem-collab-text'); return el ? el.value : null;");
    }

    private static boolean settled(WebDriver d) {
        return Boolean.TRUE.equals(js(d, "const el = document.querySelector('tandem-collab-text');"
                + " return !!el && el.revision >= 0 && !el.hasPendingEdits;"));
    }

    private static WebElement textarea(WebDriver d) {
        return d.findElement(By.tagName("tandem-collab-text")).getShadowRoot().findElement(By.cssSelector("textarea"));
    }

    private static void typeSlowly(WebElement area, String text) throws InterruptedException {
        for (char c : text.toCharArray()) {
            area.sendKeys(String.valueOf(c));
            Thread.sleep(15);
        }
    }

    /** True when {@code sub}'s characters appear in {@code s} in order. */
    private static boolean isSubsequence(String sub, String s) {
        int i = 0;
        for (int j = 0; j < s.length() && i < sub.length(); j++) {
            if (s.charAt(j) == sub.charAt(i)) {
                i++;
            }
        }
        return i == sub.length();
    }

    @Test
    void twoBrowsersTypingAtTheSameTimeEndWithTheSameTextAndLoseNothing() throws Exception {
        TestSequencer sequencer = CollabTextTestView.reset(INITIAL);
        WebDriver a = browser();
        WebDriver b = browser();
        for (WebDriver d : List.of(a, b)) {
            d.get(url());
            new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> INITIAL.equals(value(x)) && settled(x));
        }
        WebElement areaA = textarea(a);
        WebElement areaB = textarea(b);
        // both carets at the very end: the same spot, the hardest case for the tie rule
        areaA.click();
        areaA.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        areaB.click();
        areaB.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));

        ExecutorService typists = Executors.newFixedThreadPool(2);
        try {
            Future<?> fa = typists.submit(() -> {
                typeSlowly(areaA, TYPED_A);
                return null;
            });
            Future<?> fb = typists.submit(() -> {
                typeSlowly(areaB, TYPED_B);
                return null;
            });
            fa.get();
            fb.get();
        } finally {
            typists.shutdownNow();
        }

        String expectedLength = String.valueOf(INITIAL.length() + TYPED_A.length() + TYPED_B.length());
        for (WebDriver d : List.of(a, b)) {
            new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> settled(x)
                    && String.valueOf(value(x).length()).equals(expectedLength)
                    && value(x).equals(sequencer.state().text()));
        }
        String textA = value(a);
        String textB = value(b);
        assertEquals(textA, textB, "both browsers show the same text");
        assertEquals(sequencer.state().text(), textA, "and it is the server's");
        assertTrue(textA.startsWith(INITIAL), textA);
        assertTrue(isSubsequence(TYPED_A, textA.substring(INITIAL.length())), "every keystroke of A: " + textA);
        assertTrue(isSubsequence(TYPED_B, textA.substring(INITIAL.length())), "every keystroke of B: " + textA);
        assertEquals(INITIAL.length() + TYPED_A.length() + TYPED_B.length(), textA.length(), textA);
        // what the textarea shows is what the element holds
        assertEquals(textA, textarea(a).getDomProperty("value"));
        assertEquals(textB, textarea(b).getDomProperty("value"));

        // each browser draws the other's caret, flagged with the other's name, at the other's caret
        for (WebDriver[] pair : List.of(new WebDriver[] {a, b}, new WebDriver[] {b, a})) {
            WebDriver viewer = pair[0];
            String otherName = pair[1].findElement(By.id("me")).getText();
            new WebDriverWait(viewer, Duration.ofSeconds(20)).until(x -> remoteFlags(x).contains(otherName));
        }
        ((org.openqa.selenium.TakesScreenshot) a).getScreenshotAs(org.openqa.selenium.OutputType.FILE)
                .renameTo(Path.of("target", "collab-text-browser-a.png").toFile());
    }

    @Test
    void whatIsTypedWhileOfflineIsKeptShownAsPendingAndSentOnReconnect() throws Exception {
        TestSequencer sequencer = CollabTextTestView.reset("Offline test: ");
        WebDriver a = browser();
        WebDriver b = browser();
        for (WebDriver d : List.of(a, b)) {
            d.get(url());
            new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> "Offline test: ".equals(value(x)) && settled(x));
        }
        WebElement areaA = textarea(a);
        areaA.click();
        areaA.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));

        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((HasNetworkConditions) a).setNetworkConditions(offline);
        typeSlowly(areaA, "abc");
        new WebDriverWait(a, Duration.ofSeconds(30)).until(x -> offlineShown(x));
        typeSlowly(areaA, "def");
        WebElement areaB = textarea(b);
        areaB.click();
        areaB.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        typeSlowly(areaB, "XY"); // at the same spot as A's offline edits, and sequenced before them
        try {
            new WebDriverWait(b, Duration.ofSeconds(30)).until(x -> settled(x) && value(x).endsWith("XY"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("B: " + js(b, "const el = document.querySelector('tandem-collab-text');"
                    + " return JSON.stringify([el.value, el.revision, el.hasPendingEdits, window.Vaadin.connectionState.state])")
                    + " server: " + sequencer.state(), e);
        }
        // A's requests fail while offline (push from the server may still arrive): its edits stay pending, kept
        assertTrue(value(a).endsWith("abcdef"), "A keeps what it typed: " + value(a));
        assertTrue(Boolean.TRUE.equals(js(a, "return document.querySelector('tandem-collab-text').hasPendingEdits")));

        ((HasNetworkConditions) a).deleteNetworkConditions();
        for (WebDriver d : List.of(a, b)) {
            new WebDriverWait(d, Duration.ofSeconds(60)).until(x -> settled(x) && !offlineShown(x)
                    && "Offline test: XYabcdef".equals(value(x)));
        }
        assertEquals("Offline test: XYabcdef", sequencer.state().text(), "applied once, nothing lost");
    }

    private static boolean offlineShown(WebDriver d) {
        return Boolean.TRUE.equals(js(d, "const s = document.querySelector('tandem-collab-text').shadowRoot"
                + ".querySelector('.status'); return !!s && !s.hidden;"));
    }

    private static String remoteFlags(WebDriver d) {
        return (String) js(d, "return [...document.querySelector('tandem-collab-text').shadowRoot"
                + ".querySelectorAll('.caret .flag')].map(f => f.textContent).join('|');");
    }
}
