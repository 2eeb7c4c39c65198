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
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 3's end-to-end promise: two people on two nodes type into the same text field at the same time and both
 * end with the same text, containing every character each typed, in the order each typed them.
 *
 * <p>Two node JVMs from the shaded jar, clustered on loopback; Alice (demo account) in one headless Chromium on
 * node 1, Bob in another on node 2. Alice adds a card; both open its editor ({@code .card-edit} on the card,
 * dialog {@code #card-editor}); Alice writes a short frame ({@value #FRAME}) into the notes
 * ({@code <tandem-collab-text id="edit-card-text">}); both put the caret in the middle of it, at the same spot,
 * and type {@value #PER_PERSON} characters each in small bursts with random pauses, started together and never
 * waiting for each other (Alice lower case, Bob digits and upper case, so every character says whose it is).
 * Then the test waits until both browsers settle on the same text and checks:
 * <ul>
 *   <li>it is the frame with both people's characters inside it (a caret that jumped would put characters
 *       outside), each person's in their own order (subsequence), and its length is exactly the frame plus
 *       everything typed (nothing lost, nothing doubled);</li>
 *   <li>the server's copy (the WebSocket protocol's snapshot, from both nodes) is the same, and so is the card's
 *       {@code .card-text} on both boards after {@code #edit-card-done}, and after a fresh page load on node 1;</li>
 *   <li>no caret jumped: each caret is right after its owner's last character (or past only the other's);</li>
 *   <li>Ctrl+Z in Alice's field takes back only her latest characters (all of Bob's stay), Ctrl+Shift+Z brings
 *       exactly them back, in both browsers;</li>
 *   <li>each browser shows the other's avatar in {@code #presence}, the other's remote caret flag in the field,
 *       and the "editing" highlight ({@code .card-editors}) on the card.</li>
 * </ul>
 * Screenshots: {@code target/e2e/concurrent-*.png} (and {@code FAILED-*.png} when something fails); node logs in
 * {@code target/nodes/}. The convergence figures are printed as one {@code e2e-concurrent-typing:} JSON line.
 */
@Tag("e2e")
class ConcurrentTypingTwoNodesTest {
    private static final Duration START = Duration.ofSeconds(180);
    private static final String FRAME = "<<>>";
    private static final int CARET = 2;
    private static final int PER_PERSON = 40;
    /** Alice's 40 characters: lower case only. */
    static final String ALICE_TYPES = "abcdefghijklmnopqrstuvwxyzabcdefghijklmn";
    /** Bob's 40 characters: digits and upper case only. */
    static final String BOB_TYPES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123";
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void twoPeopleOnTwoNodesTypeIntoTheSameNotesAtOnceAndLoseNothing() throws Exception {
        assertEquals(PER_PERSON, ALICE_TYPES.length());
        assertEquals(PER_PERSON, BOB_TYPES.length());
        onTwoNodes("typing", ConcurrentTypingTwoNodesTest::run);
    }

    /**
     * Per-user undo right after typing together: Ctrl+Z in Alice's notes takes back only her latest typing (all of
     * Bob's characters stay, the card stays), Ctrl+Shift+Z brings exactly that back, in both browsers.
     */
    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void ctrlZInTheNotesTakesBackOnlyMyLatestTypingAndCtrlShiftZBringsItBack() throws Exception {
        onTwoNodes("undo", ConcurrentTypingTwoNodesTest::undoRedo);
    }

    interface Scenario {
        void run(NodeProcess node1, NodeProcess node2, DemoApi demo, DemoApi.Login aliceLogin, DemoApi.Login bobLogin,
                 Browser alice, Browser bob) throws Exception;
    }

    /** Two clustered nodes, Alice's browser on node 1 and Bob's on node 2; FAILED-*.png of both on failure. */
    private static void onTwoNodes(String name, Scenario scenario) throws Exception {
        Files.createDirectories(Path.of("target"));
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-" + name + "-data-");
        int[] p = FreePorts.take(6);
        try (NodeProcess node1 = NodeProcess.builder(name + "-node-1").ports(p[0], p[1], p[2]).dataDir(data)
                .members("127.0.0.1:" + p[5]).demo(true).start()) {
            node1.awaitHealthy(START);
            try (NodeProcess node2 = NodeProcess.builder(name + "-node-2").ports(p[3], p[4], p[5]).dataDir(data)
                    .members(node1.memberAddress()).start()) {
                node2.awaitHealthy(START);
                node1.awaitClusterSize(2, START);
                node2.awaitClusterSize(2, START);
                DemoApi demo = DemoApi.find(node1.apiUrl(), DemoData.ALICE_EMAIL);
                DemoApi.Login aliceLogin = DemoApi.login(node1.apiUrl(), DemoData.ALICE_EMAIL);
                DemoApi.Login bobLogin = DemoApi.login(node2.apiUrl(), DemoData.BOB_EMAIL);
                try (Browser alice = Browser.open(name + "-alice", 1400, 900);
                     Browser bob = Browser.open(name + "-bob", 1400, 900)) {
                    try {
                        scenario.run(node1, node2, demo, aliceLogin, bobLogin, alice, bob);
                    } catch (Throwable t) {
                        for (Browser b : List.of(alice, bob)) {
                            try {
                                b.screenshot("FAILED-" + b.name + "-" + System.currentTimeMillis() + ".png");
                            } catch (RuntimeException ignored) {
                                // the failure itself is what matters
                            }
                        }
                        throw t;
                    }
                }
            }
        }
    }

    private static void run(NodeProcess node1, NodeProcess node2, DemoApi demo, DemoApi.Login aliceLogin,
                            DemoApi.Login bobLogin, Browser alice, Browser bob) throws Exception {
        BoardPage aliceBoard = TwoNodesTwoBrowsersTest.openDemoBoard(alice, node1, DemoData.ALICE_EMAIL, demo);
        BoardPage bobBoard = TwoNodesTwoBrowsersTest.openDemoBoard(bob, node2, DemoData.BOB_EMAIL, demo);
        // Who is here: each sees the other's avatar (presence crosses the cluster).
        awaitAvatar(alice, bobLogin);
        awaitAvatar(bob, aliceLogin);

        String column = aliceBoard.columns().get(0);
        String title = "Plan the shared book talk " + UUID.randomUUID().toString().substring(0, 8);
        aliceBoard.addCard(column, title);
        String card = aliceBoard.awaitCardIn(column, title);
        bobBoard.awaitCard(card, title);

        // Both open the card's editor; Alice writes the frame, Bob sees it.
        CollabField aliceNotes = openNotes(alice, card);
        CollabField bobNotes = openNotes(bob, card);
        aliceNotes.focusAt(0);
        aliceNotes.typeAtCaret(FRAME);
        aliceNotes.awaitText(FRAME);
        bobNotes.awaitText(FRAME);
        // Both carets at the same spot, inside the frame.
        aliceNotes.focusAt(CARET);
        bobNotes.focusAt(CARET);
        // Each sees that the other is editing this card, and where (the caret flag with the other's name).
        awaitEditingHighlight(alice, card, bobLogin.displayName());
        awaitEditingHighlight(bob, card, aliceLogin.displayName());
        awaitFlag(alice, aliceNotes, bobLogin.displayName());
        awaitFlag(bob, bobNotes, aliceLogin.displayName());
        long revBefore = aliceNotes.state().revision();

        // Type at the same time, in bursts, never waiting for each other.
        long seed = System.nanoTime();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService typists = Executors.newFixedThreadPool(2);
        long typingStarted;
        long[] typingMs = new long[2];
        try {
            Future<Integer> a = typists.submit(() -> typeInBursts(aliceNotes, ALICE_TYPES, new Random(seed), go,
                    typingMs, 0));
            Future<Integer> b = typists.submit(() -> typeInBursts(bobNotes, BOB_TYPES, new Random(seed + 1), go,
                    typingMs, 1));
            typingStarted = System.nanoTime();
            go.countDown();
            int burstsA = a.get(3, TimeUnit.MINUTES);
            int burstsB = b.get(3, TimeUnit.MINUTES);
            System.out.printf("e2e-concurrent-typing: seed %d, alice %d bursts in %d ms, bob %d bursts in %d ms%n",
                    seed, burstsA, typingMs[0], burstsB, typingMs[1]);
        } finally {
            typists.shutdownNow();
        }
        long typingDone = System.nanoTime();

        // Wait until both settle on the same text.
        String[] converged = new String[1];
        try {
            alice.until("both browsers settled on the same text within " + CONVERGE, d -> {
                CollabField.State sa = aliceNotes.state();
                CollabField.State sb = bobNotes.state();
                if (sa != null && sb != null && sa.settled() && sb.settled() && sa.value().equals(sb.value())
                        && sa.revision() == sb.revision()) {
                    converged[0] = sa.value();
                    return true;
                }
                return null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no convergence: alice " + aliceNotes.state() + ", bob " + bobNotes.state(), e);
        }
        long convergeMs = (System.nanoTime() - typingDone) / 1_000_000;
        String text = converged[0];
        alice.screenshot("concurrent-alice-node1.png");
        bob.screenshot("concurrent-bob-node2.png");
        int expectedLength = FRAME.length() + ALICE_TYPES.length() + BOB_TYPES.length();
        System.out.printf("e2e-concurrent-typing: {\"typedAlice\":%d,\"typedBob\":%d,\"finalLength\":%d,"
                        + "\"expectedLength\":%d,\"typingMs\":%d,\"convergeMs\":%d,\"revisions\":%d,\"caretAlice\":%d,"
                        + "\"caretBob\":%d,\"text\":\"%s\"}%n",
                ALICE_TYPES.length(), BOB_TYPES.length(), text.length(), expectedLength,
                (typingDone - typingStarted) / 1_000_000, convergeMs, aliceNotes.state().revision() - revBefore,
                aliceNotes.state().selStart(), bobNotes.state().selStart(), text);

        // Nothing lost, nothing doubled, each person's characters in their own order, all inside the frame.
        assertTrue(text.startsWith(FRAME.substring(0, CARET)) && text.endsWith(FRAME.substring(CARET)),
                "everything typed stays where both carets were, inside the frame: " + text);
        String inside = text.substring(CARET, text.length() - (FRAME.length() - CARET));
        assertEquals(ALICE_TYPES, only(inside, Character::isLowerCase),
                "Alice's characters, all of them, in the order she typed them: " + text);
        assertEquals(BOB_TYPES, only(inside, c -> !Character.isLowerCase(c)),
                "Bob's characters, all of them, in the order he typed them: " + text);
        assertTrue(isSubsequence(ALICE_TYPES, text) && isSubsequence(BOB_TYPES, text), text);
        assertEquals(expectedLength, text.length(), "length = frame + 40 + 40: " + text);
        // No caret jumped: each caret is still right after its owner's last character, or further right past
        // only the other person's characters (typed at that very spot, they push the caret on).
        assertCaretAfterOwnLastCharacter("Alice", aliceNotes.state(), text, Character::isLowerCase);
        assertCaretAfterOwnLastCharacter("Bob", bobNotes.state(), text, c -> !Character.isLowerCase(c));
        // What each textarea shows is what its element holds.
        assertEquals(text, aliceNotes.state().shown());
        assertEquals(text, bobNotes.state().shown());

        // The server's copy, from both nodes, through the WebSocket protocol.
        for (NodeProcess node : List.of(node1, node2)) {
            ServerCopy.Snapshot snap = ServerCopy.snapshot(node.apiUrl(), aliceLogin.token(), demo.boardId());
            assertEquals(text, snap.text(card, "text"), "the server's copy on " + node.name() + " (rev " + snap.rev() + ")");
        }

        // Each still sees the other's caret and avatar after typing.
        awaitFlag(alice, aliceNotes, bobLogin.displayName());
        awaitFlag(bob, bobNotes, aliceLogin.displayName());
        awaitAvatar(alice, bobLogin);
        awaitAvatar(bob, aliceLogin);
        alice.screenshot("concurrent-alice-node1-carets.png");
        bob.screenshot("concurrent-bob-node2-carets.png");

        // Done: the board cards show the notes; a fresh page load on node 1 too.
        for (Browser b : List.of(alice, bob)) {
            b.click("#edit-card-done");
            b.until("the card editor closed", d -> d.findElements(By.cssSelector("#edit-card-text")).isEmpty() ? true : null);
            awaitCardText(b, card, text);
        }
        alice.driver.navigate().refresh();
        awaitCardText(alice, card, text);
        alice.screenshot("concurrent-alice-node1-reloaded.png");
    }

    private static void undoRedo(NodeProcess node1, NodeProcess node2, DemoApi demo, DemoApi.Login aliceLogin,
                                 DemoApi.Login bobLogin, Browser alice, Browser bob) throws Exception {
        BoardPage aliceBoard = TwoNodesTwoBrowsersTest.openDemoBoard(alice, node1, DemoData.ALICE_EMAIL, demo);
        BoardPage bobBoard = TwoNodesTwoBrowsersTest.openDemoBoard(bob, node2, DemoData.BOB_EMAIL, demo);
        String column = aliceBoard.columns().get(0);
        String title = "Undo check " + UUID.randomUUID().toString().substring(0, 8);
        aliceBoard.addCard(column, title);
        String card = aliceBoard.awaitCardIn(column, title);
        bobBoard.awaitCard(card, title);
        CollabField aliceNotes = openNotes(alice, card);
        CollabField bobNotes = openNotes(bob, card);
        aliceNotes.focusAt(0);
        aliceNotes.typeAtCaret(FRAME);
        aliceNotes.awaitText(FRAME);
        bobNotes.awaitText(FRAME);
        aliceNotes.focusAt(CARET);
        bobNotes.focusAt(CARET);
        // A short round of typing together, in turns, each waiting for the other's keys to arrive.
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            aliceNotes.typeAtCaret(ALICE_TYPES.substring(i * 3, i * 3 + 3));
            a.append(ALICE_TYPES, i * 3, i * 3 + 3);
            bobNotes.typeAtCaret(BOB_TYPES.substring(i * 3, i * 3 + 3));
            b.append(BOB_TYPES, i * 3, i * 3 + 3);
            int length = FRAME.length() + a.length() + b.length();
            for (CollabField f : List.of(aliceNotes, bobNotes)) {
                alice.until("both typed so far", d -> {
                    CollabField.State s = f.state();
                    return s != null && s.settled() && s.value().length() == length ? true : null;
                });
            }
        }
        String text = aliceNotes.awaitSettled().value();
        bobNotes.awaitText(text);
        String aliceTyped = a.toString();
        String bobTyped = b.toString();
        System.out.println("e2e-undo: before undo " + text);

        // Undo takes back only Alice's own latest typing (Ctrl+Z in the field), redo brings exactly that back.
        aliceNotes.shortcut("z", org.openqa.selenium.Keys.CONTROL);
        String undone = awaitSameChangedText(alice, aliceNotes, bobNotes, text, "Alice's undo");
        String aliceLeft = only(undone.substring(CARET, undone.length() - (FRAME.length() - CARET)), Character::isLowerCase);
        assertTrue(aliceLeft.length() < aliceTyped.length() && aliceTyped.startsWith(aliceLeft),
                "undo removed Alice's latest characters, and only those: " + undone);
        assertEquals(bobTyped, only(undone.substring(CARET, undone.length() - (FRAME.length() - CARET)),
                c -> !Character.isLowerCase(c)), "undo left all of Bob's characters: " + undone);
        assertEquals(text.length() - (aliceTyped.length() - aliceLeft.length()), undone.length(), undone);
        assertTrue(undone.startsWith(FRAME.substring(0, CARET)) && undone.endsWith(FRAME.substring(CARET)), undone);
        aliceNotes.shortcut("z", org.openqa.selenium.Keys.CONTROL, org.openqa.selenium.Keys.SHIFT);
        String redone = awaitSameChangedText(alice, aliceNotes, bobNotes, undone, "Alice's redo");
        assertEquals(text, redone, "redo restores exactly what undo took back");
        System.out.printf("e2e-concurrent-typing: undo took back %d of Alice's characters, redo restored them%n",
                aliceTyped.length() - aliceLeft.length());

        // The card is still there, in both browsers, with the notes as before the undo.
        aliceBoard.awaitCard(card, title);
        bobBoard.awaitCard(card, title);
        aliceNotes.awaitText(text);
        bobNotes.awaitText(text);
    }

    /** Types {@code text} in bursts of 1..5 keys with 10..90 ms pauses; returns the number of bursts. */
    private static int typeInBursts(CollabField field, String text, Random random, CountDownLatch go, long[] ms,
                                    int slot) throws InterruptedException {
        go.await();
        long t0 = System.nanoTime();
        int bursts = 0;
        for (int i = 0; i < text.length(); ) {
            int n = Math.min(text.length() - i, 1 + random.nextInt(5));
            field.typeAtCaret(text.substring(i, i + n));
            i += n;
            bursts++;
            Thread.sleep(10 + random.nextInt(80));
        }
        ms[slot] = (System.nanoTime() - t0) / 1_000_000;
        return bursts;
    }

    private static CollabField openNotes(Browser b, String card) {
        b.click("#board-columns [data-card-id='" + card + "'] .card-edit");
        b.find("#card-editor");
        CollabField notes = new CollabField(b, "edit-card-text");
        new CollabField(b, "edit-card-title").awaitSettled();
        notes.awaitSettled();
        return notes;
    }

    private static void awaitAvatar(Browser b, DemoApi.Login other) {
        b.until(other.displayName() + "'s avatar in #presence", d -> d.findElements(By.cssSelector(
                "#presence .presence-avatar[data-account-id='" + other.accountId() + "']")).isEmpty() ? null : true);
    }

    private static void awaitFlag(Browser b, CollabField field, String otherName) {
        b.until(otherName + "'s caret flag in #" + field.id, d -> {
            CollabField.State s = field.state();
            return s != null && s.flags().contains(otherName) ? true : null;
        });
    }

    private static void awaitEditingHighlight(Browser b, String card, String otherName) {
        b.until("'" + otherName + " editing' on card " + card, d -> {
            try {
                for (WebElement e : d.findElements(By.cssSelector("[data-card-id='" + card + "'] .card-editors"))) {
                    Object t = e.getDomProperty("textContent");
                    if (t != null && t.toString().contains(otherName)) {
                        return true;
                    }
                }
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                // the board redrew the card meanwhile: look again
            }
            return null;
        });
    }

    private static void awaitCardText(Browser b, String card, String text) {
        b.until("card " + card + " with notes '" + text + "'", d -> {
            List<WebElement> notes = d.findElements(By.cssSelector("#board-columns [data-card-id='" + card + "'] .card-text"));
            try {
                return !notes.isEmpty() && text.equals(notes.get(0).getDomProperty("textContent")) ? true : null;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** Waits until both fields settled on the same text, other than {@code before}; returns it. */
    private static String awaitSameChangedText(Browser b, CollabField x, CollabField y, String before, String what) {
        String[] out = new String[1];
        try {
            b.until(what + ": both browsers settled on the same new text", d -> {
                CollabField.State sx = x.state();
                CollabField.State sy = y.state();
                if (sx != null && sy != null && sx.settled() && sy.settled() && sx.value().equals(sy.value())
                        && sx.revision() == sy.revision() && !sx.value().equals(before)) {
                    out[0] = sx.value();
                    return true;
                }
                return null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + ": no common new text: " + x.state() + " / " + y.state(), e);
        }
        return out[0];
    }

    private static void assertCaretAfterOwnLastCharacter(String who, CollabField.State state, String text,
                                                         java.util.function.IntPredicate own) {
        assertEquals(state.selStart(), state.selEnd(), who + " has a caret, not a selection: " + state);
        int last = -1;
        for (int i = CARET; i < text.length() - (FRAME.length() - CARET); i++) {
            if (own.test(text.charAt(i))) {
                last = i;
            }
        }
        int caret = state.selStart();
        assertTrue(caret > last && caret <= text.length() - (FRAME.length() - CARET)
                        && text.substring(last + 1, caret).chars().noneMatch(own),
                who + "'s caret at " + caret + " is not right after their last character (at " + last + ") in " + text);
    }

    private static String only(String s, java.util.function.IntPredicate keep) {
        StringBuilder out = new StringBuilder();
        s.chars().filter(keep).forEach(c -> out.append((char) c));
        return out.toString();
    }

    /** True when {@code sub}'s characters appear in {@code s} in order. */
    static boolean isSubsequence(String sub, String s) {
        int i = 0;
        for (int j = 0; j < s.length() && i < sub.length(); j++) {
            if (s.charAt(j) == sub.charAt(i)) {
                i++;
            }
        }
        return i == sub.length();
    }
}
