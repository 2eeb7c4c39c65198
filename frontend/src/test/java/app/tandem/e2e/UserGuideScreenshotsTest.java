package app.tandem.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.domain.DemoData;
import app.tandem.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Walks through docs/user-guide.md on a real node with two browsers (Alice and Bob, the demo accounts) and takes
 * its screenshots into {@code target/e2e/guide/}. {@code bin/screenshots} runs only this test and copies the
 * pictures to docs/images/. It checks what it shows (every step waits for the element it pictures), so it runs
 * with the other e2e tests too. UI ids it relies on: those of {@link TwoNodesTwoBrowsersTest} plus, outside the
 * board page, {@code #home-link}, {@code #workspace-name}, {@code #workspace-description}, {@code #create-workspace},
 * {@code #workspace-heading}, {@code #create-invite}, {@code #invite-link}, {@code #invite-summary},
 * {@code #accept-invite}, {@code #member-list}; on the board page the card editor: {@code .card-edit} on a card,
 * {@code #card-editor}, {@code <tandem-collab-text id="edit-card-title">} and {@code #edit-card-text} (see
 * {@link CollabField}), {@code #edit-card-done}, the "editing" highlight {@code .card-editors}, {@code #presence
 * .presence-avatar}, {@code #undo}. The co-editing picture ({@code card-coediting.png}) shows Bob's caret flag in
 * Alice's notes and "Bob Brown editing" on the card behind the dialog.
 */
@Tag("e2e")
class UserGuideScreenshotsTest {
    private static final String DIR = "guide/";

    @Test
    void userGuideWalkthrough() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "guide-data-");
        try (NodeProcess node = NodeProcess.builder("guide-node").dataDir(data).demo(true).start()) {
            node.awaitHealthy(Duration.ofSeconds(180));
            DemoApi demo = DemoApi.find(node.apiUrl(), DemoData.ALICE_EMAIL);
            try (Browser alice = Browser.open("guide-alice", 1280, 900);
                 Browser bob = Browser.open("guide-bob", 1280, 900)) {
                // Log in
                alice.driver.get(node.uiUrl() + "login");
                alice.type("login-email", DemoData.ALICE_EMAIL);
                alice.type("login-password", DemoData.PASSWORD);
                alice.screenshot(DIR + "login.png");
                alice.click("#login-submit");
                alice.find("#current-user");
                alice.find("#workspace-" + demo.workspaceId());
                alice.screenshot(DIR + "workspaces.png");

                // A workspace: members, roles, boards
                alice.click("#workspace-" + demo.workspaceId() + " a");
                alice.find("#board-link-" + demo.boardId());
                alice.find("#member-list");
                alice.screenshot(DIR + "workspace.png");

                // A new partnership, and an invite link for a teacher from another school
                alice.click("#home-link");
                alice.type("workspace-name", "Year 5 fractions: Riverside & Elm Park");
                alice.type("workspace-description", "Bar models in two schools, one term.");
                alice.click("#create-workspace");
                alice.find("#workspace-heading");
                alice.click("#create-invite");
                String link = alice.until("an invite link", d -> {
                    List<org.openqa.selenium.WebElement> in = d.findElements(By.cssSelector("#invite-link input"));
                    String v = in.isEmpty() ? "" : in.get(0).getDomProperty("value");
                    return v != null && v.contains("/invite/") ? v : null;
                });
                alice.js("document.getElementById('invite-link').scrollIntoView({block: 'center'});");
                alice.screenshot(DIR + "invite-create.png");

                bob.logIn(node.uiUrl(), DemoData.BOB_EMAIL, DemoData.PASSWORD);
                bob.driver.get(link);
                bob.find("#invite-summary");
                bob.screenshot(DIR + "invite-accept.png");
                bob.click("#accept-invite");
                bob.find("#workspace-heading");

                // The board, live, in two browsers
                BoardPage aliceBoard = openDemoBoard(alice, node, demo);
                BoardPage bobBoard = openDemoBoard(bob, node, demo);
                List<String> c = aliceBoard.columns();
                String[][] cards = {
                        {"0", "Agree a shared reading slot: 20 minutes, Tue and Thu"},
                        {"0", "Pupils choose six class books"},
                        {"1", "Book talk in Y4, Riverside (Alice teaches, Bob observes)"},
                        {"2", "Compare the pupil reading surveys, before and after"},
                };
                for (String[] card : cards) {
                    String col = c.get(Math.min(Integer.parseInt(card[0]), c.size() - 1));
                    aliceBoard.addCard(col, card[1]);
                    bobBoard.awaitCard(aliceBoard.awaitCardIn(col, card[1]), card[1]);
                }
                String share = "Five-minute slot at Hillview's staff briefing";
                String last = c.get(c.size() - 1);
                bobBoard.addCard(last, share);
                aliceBoard.awaitCard(bobBoard.awaitCardIn(last, share), share);
                alice.screenshot(DIR + "board-live.png");

                // Editing a card: live collaborative text, no save button. Alice opens a card in the first column
                // (left of the dialog, so its "editing" highlight stays visible behind it) and writes notes.
                String books = cards[1][1];
                String booksCard = aliceBoard.awaitCardIn(c.get(0), books);
                CollabField aliceNotes = openEditor(alice, booksCard);
                aliceNotes.focusAt(0);
                String aliceWrites = "Shortlist of 12 from both school libraries; each class votes. ";
                aliceNotes.typeAtCaret(aliceWrites);
                aliceNotes.awaitText(aliceWrites);
                alice.screenshot(DIR + "card-editor.png");

                // Bob opens the same card and types into the same notes at the same time.
                CollabField bobNotes = openEditor(bob, booksCard);
                bobNotes.awaitText(aliceWrites);
                bobNotes.focusAt(aliceWrites.length());
                String bobWrites = "Hillview adds two graphic novels.";
                aliceNotes.focusAt(0);
                aliceNotes.typeAtCaret("Plan: ");
                bobNotes.typeAtCaret(bobWrites);
                String both = "Plan: " + aliceWrites + bobWrites;
                aliceNotes.awaitText(both);
                bobNotes.awaitText(both);
                // Alice sees Bob's caret with his name, and "Bob Brown editing" on the card behind the dialog.
                awaitFlag(alice, aliceNotes, "Bob Brown");
                awaitFlag(bob, bobNotes, "Alice Adams");
                awaitEditing(alice, booksCard, "Bob Brown");
                alice.screenshot(DIR + "card-coediting.png");

                // Done closes the editor (everything is already saved); the board shows the notes, who is here,
                // and undo / redo for your own changes.
                alice.click("#edit-card-done");
                bob.click("#edit-card-done");
                for (Browser b : List.of(alice, bob)) {
                    b.until("the card editor closed", d -> d.findElements(By.id("edit-card-text")).isEmpty() ? true : null);
                    b.until("notes on the card", d -> {
                        try {
                            List<org.openqa.selenium.WebElement> t = d.findElements(
                                    By.cssSelector("[data-card-id='" + booksCard + "'] .card-text"));
                            return !t.isEmpty() && both.equals(t.get(0).getDomProperty("textContent")) ? true : null;
                        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                            return null;
                        }
                    });
                    b.until("no 'editing' highlight left", d -> d.findElements(By.cssSelector(".card-editors")).isEmpty()
                            ? true : null);
                    b.until("two avatars in #presence",
                            d -> d.findElements(By.cssSelector("#presence .presence-avatar")).size() == 2 ? true : null);
                    b.until("undo enabled", d -> d.findElements(By.cssSelector("#undo:not([disabled])")).isEmpty()
                            ? null : true);
                }
                bob.screenshot(DIR + "board.png");
            }
        }
        for (String png : List.of("login", "workspaces", "workspace", "invite-create", "invite-accept", "board",
                "board-live", "card-editor", "card-coediting")) {
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve(DIR + png + ".png")) > 1000, png);
        }
    }

    /** Opens the card's editor ({@code .card-edit} on the card) and returns its notes field once it is live. */
    private static CollabField openEditor(Browser browser, String card) {
        browser.click("#board-columns [data-card-id='" + card + "'] .card-edit");
        browser.find("#card-editor");
        new CollabField(browser, "edit-card-title").awaitSettled();
        CollabField notes = new CollabField(browser, "edit-card-text");
        notes.awaitSettled();
        return notes;
    }

    private static void awaitFlag(Browser browser, CollabField field, String name) {
        browser.until(name + "'s caret flag in #" + field.id, d -> {
            CollabField.State s = field.state();
            return s != null && s.flags().contains(name) ? true : null;
        });
    }

    private static void awaitEditing(Browser browser, String card, String name) {
        browser.until("'" + name + " editing' on card " + card, d -> {
            try {
                return d.findElements(By.cssSelector("[data-card-id='" + card + "'] .card-editors")).stream()
                        .anyMatch(e -> String.valueOf(e.getDomProperty("textContent")).contains(name)) ? true : null;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return null;
            }
        });
    }

    /** Already signed in: home -> demo workspace -> demo board. */
    private static BoardPage openDemoBoard(Browser browser, NodeProcess node, DemoApi demo) {
        browser.driver.get(node.uiUrl());
        browser.click("#workspace-" + demo.workspaceId() + " a");
        browser.click("#board-link-" + demo.boardId());
        BoardPage page = new BoardPage(browser);
        page.columns();
        return page;
    }
}
