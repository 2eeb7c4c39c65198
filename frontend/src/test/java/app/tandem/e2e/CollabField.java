package app.tandem.e2e;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One {@code <tandem-collab-text id=...>} in a browser (the card editor's {@code #edit-card-title} and
 * {@code #edit-card-text}). Reads the element's own state ({@code value}: the text the user sees with pending
 * edits; {@code revision}; {@code hasPendingEdits}) and its textarea, which lives in the element's shadow root;
 * types like a person: keys go to whatever has the focus, so the caret stays wherever the page put it.
 */
final class CollabField {
    private static final String STATE = """
            const el = document.getElementById(arguments[0]);
            if (!el || !el.shadowRoot) return null;
            const ta = el.shadowRoot.querySelector('textarea');
            return {value: el.value, revision: el.revision, pending: el.hasPendingEdits,
                    shown: ta ? ta.value : null, selStart: ta ? ta.selectionStart : -1, selEnd: ta ? ta.selectionEnd : -1,
                    focused: !!ta && el.shadowRoot.activeElement === ta,
                    flags: [...el.shadowRoot.querySelectorAll('.caret .flag')].map(f => f.textContent)};
            """;

    /** What the element holds and shows right now. */
    record State(String value, long revision, boolean pending, String shown, int selStart, int selEnd, boolean focused,
                 List<String> flags) {
        /** Initialised, nothing waiting for the server, and the textarea shows what the element holds. */
        boolean settled() {
            return revision >= 0 && !pending && value != null && value.equals(shown);
        }
    }

    private final Browser browser;
    final String id;

    CollabField(Browser browser, String id) {
        this.browser = browser;
        this.id = id;
    }

    /** The state now, or null while the element is not there (yet). */
    State state() {
        Object raw = browser.js(STATE, id);
        if (!(raw instanceof Map<?, ?> m)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<String> flags = (List<String>) m.get("flags");
        return new State((String) m.get("value"), ((Number) m.get("revision")).longValue(),
                Boolean.TRUE.equals(m.get("pending")), (String) m.get("shown"),
                ((Number) m.get("selStart")).intValue(), ((Number) m.get("selEnd")).intValue(),
                Boolean.TRUE.equals(m.get("focused")), flags == null ? List.of() : flags);
    }

    /** Waits until the field is initialised and settled, and returns its state. */
    State awaitSettled() {
        return browser.until("#" + id + " initialised with nothing pending", d -> {
            State s = state();
            return s != null && s.settled() ? s : null;
        });
    }

    /** Waits until the field settled showing exactly {@code text}. */
    State awaitText(String text) {
        return browser.until("#" + id + " showing '" + text + "'", d -> {
            State s = state();
            return s != null && s.settled() && text.equals(s.value()) ? s : null;
        });
    }

    WebElement textarea() {
        return browser.until("the textarea inside #" + id, d -> {
            List<WebElement> hosts = d.findElements(By.id(id));
            if (hosts.isEmpty()) {
                return null;
            }
            try {
                return hosts.get(0).getShadowRoot().findElement(By.cssSelector("textarea"));
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.NoSuchShadowRootException e) {
                return null;
            }
        });
    }

    /** Focuses the textarea (a click, as a person would) and puts the caret at UTF-16 offset {@code at}. */
    void focusAt(int at) {
        WebElement ta = textarea();
        ta.click();
        browser.js("const ta = document.getElementById(arguments[0]).shadowRoot.querySelector('textarea');"
                + " ta.focus(); ta.setSelectionRange(arguments[1], arguments[1]);"
                + " ta.dispatchEvent(new Event('select'));", id, at);
        browser.until("the caret of #" + id + " at " + at, d -> {
            State s = state();
            return s != null && s.focused() && s.selStart() == at && s.selEnd() == at ? true : null;
        });
    }

    /** Presses {@code key} with {@code modifiers} held (e.g. Ctrl+Z) in whatever has the focus. */
    void shortcut(String key, org.openqa.selenium.Keys... modifiers) {
        var actions = new org.openqa.selenium.interactions.Actions(browser.driver);
        for (var m : modifiers) {
            actions = actions.keyDown(m);
        }
        actions = actions.sendKeys(key);
        for (var m : modifiers) {
            actions = actions.keyUp(m);
        }
        actions.perform();
    }

    /** Types into whatever has the focus (the textarea after {@link #focusAt}): real key events, no refocusing. */
    void typeAtCaret(String keys) {
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(keys).perform();
    }
}
