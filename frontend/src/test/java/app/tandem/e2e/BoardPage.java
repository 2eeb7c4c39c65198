package app.tandem.e2e;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The board page as the end-to-end tests see it. It relies only on what the board view promises to keep:
 * {@code #board-columns}, {@code #column-<Name>}, {@code #new-card-<Name>}, {@code #add-card-<Name>} and the
 * {@code data-card-id} attribute of a card. Column names are read from the page, not assumed.
 */
final class BoardPage {
    private final Browser browser;

    BoardPage(Browser browser) {
        this.browser = browser;
    }

    /** Waits for the board and returns the column names in page order (the part after "column-"). */
    List<String> columns() {
        browser.find("#board-columns");
        return browser.until("columns in #board-columns", d -> {
            List<String> names = d.findElements(By.cssSelector("#board-columns [id^='column-']")).stream()
                    .map(e -> e.getAttribute("id").substring("column-".length())).toList();
            return names.isEmpty() ? null : names;
        });
    }

    /** Types a title into the column's new-card field and presses its add button. */
    void addCard(String column, String title) {
        browser.type("new-card-" + column, title);
        browser.click("#add-card-" + column);
    }

    /** Waits until a card whose text contains {@code text} is in the column; returns its data-card-id. */
    String awaitCardIn(String column, String text) {
        return browser.until("a card containing '" + text + "' in #column-" + column,
                d -> cardId(d.findElements(By.cssSelector("#column-" + column + " [data-card-id]")), text));
    }

    /** Waits until the card with this id is on the board showing {@code text}. */
    void awaitCard(String cardId, String text) {
        browser.until("card " + cardId + " showing '" + text + "'", d -> {
            List<WebElement> cards = d.findElements(By.cssSelector("#board-columns [data-card-id='" + cardId + "']"));
            return cards.isEmpty() || !cards.get(0).getText().contains(text) ? null : true;
        });
    }

    private static String cardId(List<WebElement> cards, String text) {
        for (WebElement card : cards) {
            try {
                if (card.getText().contains(text)) {
                    return card.getAttribute("data-card-id");
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null; // re-rendered meanwhile: look again
            }
        }
        return null;
    }
}
