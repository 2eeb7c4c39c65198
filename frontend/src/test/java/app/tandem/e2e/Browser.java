package app.tandem.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium (/usr/bin/chromium driven by /usr/bin/chromedriver; nothing downloaded at run time)
 * with a fresh profile, plus the few page steps the end-to-end tests share. Element ids used here are listed in
 * {@link TwoNodesTwoBrowsersTest}'s class comment.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = System.getProperty("tandem.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("tandem.chromedriver", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "e2e");

    static {
        // We use no Chrome DevTools features; Selenium's "no CDP implementation for 150" warnings are noise.
        java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
        java.util.logging.Logger.getLogger("org.openqa.selenium.chromium").setLevel(java.util.logging.Level.SEVERE);
    }

    final String name;
    final WebDriver driver;
    private final Path profile;

    private Browser(String name, WebDriver driver, Path profile) {
        this.name = name;
        this.driver = driver;
        this.profile = profile;
    }

    static Browser open(String name, int width, int height) throws IOException {
        for (String exe : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(exe))) {
                throw new IllegalStateException(exe + " is missing: apt-get install chromium chromium-driver "
                        + "(bin/test installs them when run as root)");
            }
        }
        Path profile = Files.createTempDirectory("tandem-e2e-chromium-" + name + "-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-GB");
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(SCREENSHOTS.resolve("chromedriver-" + name + ".log").toFile())
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(name, driver, profile);
    }

    /**
     * Waits for {@code condition}; on timeout saves target/e2e/FAILED-<browser>-<time>.png and fails. A board
     * redraws its cards as ops arrive, so an element found in one poll may be gone in the next: that poll is
     * simply repeated.
     */
    <T> T until(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                    .ignoring(StaleElementReferenceException.class)
                    .withMessage(() -> name + ": " + what + " (url " + driver.getCurrentUrl() + ")")
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot("FAILED-" + name + "-" + System.currentTimeMillis() + ".png");
            } catch (RuntimeException ignored) {
                // the failure itself is what matters
            }
            throw e;
        }
    }

    WebElement find(String css) {
        return until("element " + css, d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Types into a Vaadin text field given by id (its slotted input) or into a plain input with that id. */
    void type(String id, String text) {
        WebElement field = find("#" + id);
        WebElement input = "input".equalsIgnoreCase(field.getTagName()) || "textarea".equalsIgnoreCase(field.getTagName())
                ? field
                : field.findElement(By.cssSelector("input, textarea"));
        input.clear();
        input.sendKeys(text);
    }

    void click(String css) {
        until("clickable " + css, d -> {
            try {
                WebElement e = d.findElement(By.cssSelector(css));
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return null;
                }
                try {
                    e.click();
                } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
                    // Something (e.g. a notification) lies over it: scroll it to the middle and try again.
                    js("arguments[0].scrollIntoView({block: 'center'});", e);
                    return null;
                }
                return true;
            } catch (org.openqa.selenium.NoSuchElementException
                     | org.openqa.selenium.StaleElementReferenceException
                     | org.openqa.selenium.ElementClickInterceptedException e) {
                return null;
            }
        });
    }

    /** Log in on the node at {@code baseUrl} (ends in "/") and wait for the signed-in frame. */
    void logIn(String baseUrl, String email, String password) {
        driver.get(baseUrl + "login");
        type("login-email", email);
        type("login-password", password);
        click("#login-submit");
        find("#current-user");
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a PNG to target/e2e/{@code file}; returns its path. */
    Path screenshot(String file) {
        try {
            Path target = SCREENSHOTS.resolve(file);
            Files.createDirectories(target.getParent());
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
