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
 * {@code #accept-invite}, {@code #member-list}.
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
                bob.screenshot(DIR + "board.png");
                alice.screenshot(DIR + "board-live.png");
            }
        }
        for (String png : List.of("login", "workspaces", "workspace", "invite-create", "invite-accept", "board",
                "board-live")) {
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve(DIR + png + ".png")) > 1000, png);
        }
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
