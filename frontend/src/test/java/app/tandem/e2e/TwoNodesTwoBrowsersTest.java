package app.tandem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.domain.DemoData;
import app.tandem.testing.FreePorts;
import app.tandem.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The foundation's promise, end to end: two Tandem nodes started as separate JVMs from the shaded jar form one
 * cluster ({@code TANDEM_CLUSTER_MEMBERS} pointing at each other; both /health report clusterSize 2), and two
 * people in two headless Chromium browsers, each on a different node, see each other's cards appear without
 * reloading (Vaadin push over WebSocket, fan-out over the clustered event bus).
 *
 * <p>What the test relies on in the UI: login page {@code #login-email}, {@code #login-password},
 * {@code #login-submit}; signed-in frame {@code #current-user}; workspace list {@code #workspace-<id> a};
 * workspace page {@code #board-link-<id>}; board page only {@code #board-columns}, {@code [id^=column-]} inside it
 * ({@code #column-<Name>}), {@code #new-card-<Name>} (a Vaadin text field or an input), {@code #add-card-<Name>} and
 * cards' {@code data-card-id} attribute. Screenshots: {@code target/e2e/*.png}; node logs: {@code target/nodes/}.
 */
@Tag("e2e")
class TwoNodesTwoBrowsersTest {
    private static final Duration START = Duration.ofSeconds(180);

    @Test
    void aCardAddedOnNode1ShowsOnNode2WithoutReloadAndBack() throws Exception {
        Files.createDirectories(Path.of("target"));
        // One data directory for both: the H2 file is served by its first opener (AUTO_SERVER), as in the README.
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-data-");
        int[] p = FreePorts.take(6);
        try (NodeProcess node1 = NodeProcess.builder("e2e-node-1").ports(p[0], p[1], p[2]).dataDir(data)
                .members("127.0.0.1:" + p[5]).demo(true).start()) {
            // One after the other: two members starting at the same instant may first form two clusters.
            node1.awaitHealthy(START);
            try (NodeProcess node2 = NodeProcess.builder("e2e-node-2").ports(p[3], p[4], p[5]).dataDir(data)
                    .members(node1.memberAddress()).start()) {
                node2.awaitHealthy(START);
                node1.awaitClusterSize(2, START);
                node2.awaitClusterSize(2, START);

                DemoApi demo = DemoApi.find(node1.apiUrl(), DemoData.ALICE_EMAIL);
                try (Browser alice = Browser.open("alice", 1400, 900);
                     Browser bob = Browser.open("bob", 1400, 900)) {
                    BoardPage aliceBoard = openDemoBoard(alice, node1, DemoData.ALICE_EMAIL, demo);
                    BoardPage bobBoard = openDemoBoard(bob, node2, DemoData.BOB_EMAIL, demo);
                    List<String> columns = aliceBoard.columns();
                    assertEquals(columns, bobBoard.columns(), "both nodes show the same columns");
                    // A marker in Bob's page: a reload would wipe it.
                    bob.js("window.__tandemE2e = 'no reload';");

                    String title = "Observe each other's book talk " + UUID.randomUUID().toString().substring(0, 8);
                    long t0 = System.nanoTime();
                    aliceBoard.addCard(columns.get(0), title);
                    String cardId = aliceBoard.awaitCardIn(columns.get(0), title);
                    bobBoard.awaitCard(cardId, title);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertEquals("no reload", bob.js("return window.__tandemE2e;"), "Bob's page was not reloaded");
                    System.out.printf("e2e: card added on node 1 visible in the browser on node 2 after %d ms "
                            + "(includes typing and polling)%n", ms);
                    alice.screenshot("1-alice-node1-added.png");
                    bob.screenshot("2-bob-node2-sees-it.png");

                    // And back: Bob adds on node 2, Alice sees it on node 1.
                    String reply = "Share the reading survey results " + UUID.randomUUID().toString().substring(0, 8);
                    String last = columns.get(columns.size() - 1);
                    bobBoard.addCard(last, reply);
                    String replyId = bobBoard.awaitCardIn(last, reply);
                    aliceBoard.awaitCard(replyId, reply);
                    alice.screenshot("3-alice-node1-sees-bobs-card.png");
                    bob.screenshot("4-bob-node2-board.png");
                }

                // Graceful shutdown: SIGTERM lets the node finish its shutdown sequence.
                node2.stop(Duration.ofSeconds(60));
                assertTrue(Files.readString(node2.logFile()).contains("Tandem node stopped"),
                        "node 2 stops gracefully on SIGTERM; log tail:\n" + node2.logTail(30));
            }
            node1.awaitClusterSize(1, START);
        }
    }

    /** Logs in on {@code node}, then goes workspace list -> demo workspace -> demo board by clicking links. */
    static BoardPage openDemoBoard(Browser browser, NodeProcess node, String email, DemoApi demo) {
        browser.logIn(node.uiUrl(), email, DemoData.PASSWORD);
        browser.click("#workspace-" + demo.workspaceId() + " a");
        browser.click("#board-link-" + demo.boardId());
        BoardPage page = new BoardPage(browser);
        page.columns();
        return page;
    }
}
