package app.tandem.api.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.Workspace;
import app.tandem.tools.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket protocol end to end on a real two-node cluster (Hazelcast + clustered Vert.x + board engine on the
 * collab core + H2), over real WebSocket connections: snapshots, acks in stream order, remote ops to the other
 * node, dedup of resent ops, resume after a dropped connection, and refused ops that change nothing.
 */
class EngineProtocolTest {
    static ProtocolCluster cluster;
    static final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    static void start() {
        cluster = new ProtocolCluster(2, WsLimits.DEFAULTS.withOpsPerSecond(1000, 1000).withMaxSubscriptions(2));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Team(Account owner, Account partner, Account observer, Workspace ws) {
    }

    static Team team() {
        int n = names.incrementAndGet();
        Account owner = cluster.account("owner" + n);
        Account partner = cluster.account("partner" + n);
        Account observer = cluster.account("observer" + n);
        Workspace ws = cluster.workspaces.create(owner, "Partnership " + n, null);
        cluster.workspaces.acceptInvite(partner,
                cluster.workspaces.invite(owner, ws.id(), Role.PARTNER, Duration.ofDays(1)).token());
        cluster.workspaces.acceptInvite(observer,
                cluster.workspaces.invite(owner, ws.id(), Role.OBSERVER, Duration.ofDays(1)).token());
        return new Team(owner, partner, observer, ws);
    }

    static WsTestClient connect(int node, Account who) {
        return new WsTestClient.Builder(cluster.port(node)).token(cluster.tokens.issue(who)).open();
    }

    static Map<String, Object> msg(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> submit(Object id, UUID board, String clientId, long seq, long baseRev, Object op) {
        return msg("type", "submit", "id", id, "board", board.toString(), "clientId", clientId, "clientSeq", seq,
                "baseRev", baseRev, "op", op);
    }

    static Map<String, Object> createNote(String node, String body) {
        return msg("type", "create", "node", node, "nodeType", "note", "parent", "root", "list", "items", "pos", "V",
                "fields", Map.of("title", "A note"), "texts", Map.of("body", body));
    }

    static Map<String, Object> text(String node, Object... ops) {
        return msg("type", "text", "node", node, "field", "body", "ops", List.of(ops));
    }

    static UUID createBoard(WsTestClient c, UUID workspace) {
        JsonNode created = c.request(msg("type", "createBoard", "id", "new", "workspace", workspace.toString(),
                "title", "Lesson plan"));
        assertEquals("boardCreated", created.path("type").asString(), created::toString);
        return UUID.fromString(created.path("board").path("id").asString());
    }

    static JsonNode subscribe(WsTestClient c, UUID board, Long fromRev) {
        Map<String, Object> m = msg("type", "subscribe", "id", "sub", "board", board.toString());
        if (fromRev != null) {
            m.put("fromRev", fromRev);
        }
        JsonNode snap = c.request(m);
        assertEquals("snapshot", snap.path("type").asString(), snap::toString);
        return snap;
    }

    /** The body text of node {@code id} in a snapshot's doc. */
    static String body(JsonNode snapshot, String id) {
        return Replay.findText(snapshot.path("doc"), id, "body");
    }

    /** A fresh connection's view of the board. */
    static JsonNode freshSnapshot(Account who, UUID board) {
        try (WsTestClient c = connect(0, who)) {
            return subscribe(c, board, null);
        }
    }

    @Test
    void twoClientsOnTwoNodesCoEditTheSameTextAndConverge() {
        Team t = team();
        try (WsTestClient alice = connect(0, t.owner()); WsTestClient bob = connect(1, t.partner())) {
            UUID board = createBoard(alice, t.ws().id());
            JsonNode snapA = subscribe(alice, board, null);
            assertEquals(0, snapA.path("rev").asLong());
            assertEquals("OWNER", snapA.path("role").asString());
            assertEquals("root", snapA.path("doc").path("nodes").get(0).path("id").asString(), snapA::toString);
            JsonNode snapB = subscribe(bob, board, null);
            assertEquals("PARTNER", snapB.path("role").asString());

            JsonNode ack = alice.request(submit(1, board, "alice-1", 1, 0, createNote("n1", "hello")));
            assertEquals("ack", ack.path("type").asString(), ack::toString);
            assertEquals(1, ack.path("id").asInt());
            assertEquals(1, ack.path("rev").asLong());
            assertEquals("alice-1", ack.path("clientId").asString());
            assertEquals(1, ack.path("clientSeq").asLong());
            assertFalse(ack.path("duplicate").asBoolean());
            assertEquals("create", ack.path("op").path("type").asString());
            JsonNode remote = bob.next("op");
            assertEquals(1, remote.path("rev").asLong());
            assertEquals("alice-1", remote.path("clientId").asString());
            assertEquals(t.owner().id().toString(), remote.path("author").asString());

            // concurrent edits, both made at rev 1
            alice.send(submit(2, board, "alice-1", 2, 1, text("n1", 5, " world")));
            bob.send(submit(1, board, "bob-1", 1, 1, text("n1", "Oh, ", 5)));
            List<JsonNode> seenByAlice = List.of(alice.next(), alice.next());
            List<JsonNode> seenByBob = List.of(bob.next(), bob.next());
            for (List<JsonNode> seen : List.of(seenByAlice, seenByBob)) {
                assertEquals(2, seen.get(0).path("rev").asLong(), seen::toString);
                assertEquals(3, seen.get(1).path("rev").asLong(), "ops and acks arrive in revision order: " + seen);
            }
            assertEquals(1, seenByAlice.stream().filter(m -> m.path("type").asString().equals("ack")).count());
            assertEquals(1, seenByBob.stream().filter(m -> m.path("type").asString().equals("ack")).count());
            JsonNode fresh = freshSnapshot(t.observer(), board);
            assertEquals(3, fresh.path("rev").asLong());
            assertEquals("Oh, hello world", body(fresh, "n1"));
            assertEquals("OBSERVER", fresh.path("role").asString());
        }
    }

    @Test
    void aResentOpIsAcknowledgedAgainWithItsOriginalRevisionAndAppliedOnce() {
        Team t = team();
        try (WsTestClient alice = connect(0, t.owner())) {
            UUID board = createBoard(alice, t.ws().id());
            JsonNode first = alice.request(submit("a", board, "c", 1, 0, createNote("n1", "x")));
            assertEquals(1, first.path("rev").asLong(), first::toString);
            JsonNode again = alice.request(submit("b", board, "c", 1, 0, createNote("n1", "x")));
            assertEquals("ack", again.path("type").asString(), again::toString);
            assertEquals("b", again.path("id").asString());
            assertEquals(1, again.path("rev").asLong());
            assertTrue(again.path("duplicate").asBoolean());
            assertEquals(1, freshSnapshot(t.owner(), board).path("rev").asLong(), "applied once");
        }
    }

    @Test
    void afterADroppedConnectionTheClientResumesFromItsLastRevisionAndItsResendAppliesOnce() throws Exception {
        Team t = team();
        UUID board;
        try (WsTestClient bob = connect(1, t.partner())) {
            try (WsTestClient setup = connect(0, t.owner())) {
                board = createBoard(setup, t.ws().id());
                assertEquals(1, setup.request(submit(1, board, "setup", 1, 0, createNote("n1", "ab")))
                        .path("rev").asLong());
            }
            WsTestClient alice = connect(0, t.owner());
            subscribe(alice, board, null);
            // the op is on the wire when the connection breaks; alice does not know whether it was applied
            alice.send(submit(7, board, "alice-x", 1, 1, text("n1", 1, "X", 1)));
            alice.channel.abort();
            bob.request(submit(1, board, "bob-1", 1, 1, text("n1", 2, "Y")));

            try (WsTestClient back = connect(1, t.owner())) {
                JsonNode resumed = subscribe(back, board, 1L);
                assertEquals(1, resumed.path("rev").asLong());
                assertTrue(resumed.path("doc").isMissingNode(), "no document when resuming from a revision");
                back.send(submit(8, board, "alice-x", 1, 1, text("n1", 1, "X", 1)));
                // The stream replays revs 2 and 3 in order. Alice's lost op shows up either as her ack (if the
                // resend is already pending when the stream reaches it) or as an op with her clientId + clientSeq,
                // which she recognises, followed by the resend's ack marked duplicate with the original rev.
                List<JsonNode> seen = new ArrayList<>();
                JsonNode ack = null;
                while (ack == null) {
                    JsonNode m = back.next();
                    seen.add(m);
                    if (m.path("type").asString().equals("ack")) {
                        ack = m;
                    }
                }
                assertEquals(8, ack.path("id").asInt());
                List<Long> streamRevs = new ArrayList<>();
                for (JsonNode m : seen) {
                    if (m.path("type").asString().equals("op") || !m.path("duplicate").asBoolean()) {
                        streamRevs.add(m.path("rev").asLong());
                    }
                }
                for (int i = 1; i < streamRevs.size(); i++) {
                    assertTrue(streamRevs.get(i) > streamRevs.get(i - 1), "stream in order: " + seen);
                }
            }
            JsonNode fresh = freshSnapshot(t.owner(), board);
            assertEquals(3, fresh.path("rev").asLong(), "setup, bob's op and alice's op: once");
            String body = body(fresh, "n1");
            assertEquals(1, body.chars().filter(c -> c == 'X').count(), body);
            assertEquals("aXbY", body);
        }
    }

    @Test
    void refusedOpsAreCodedErrorsThatChangeNothing() {
        Team t = team();
        try (WsTestClient alice = connect(0, t.owner()); WsTestClient olga = connect(1, t.observer())) {
            UUID board = createBoard(alice, t.ws().id());
            subscribe(alice, board, null);
            alice.request(submit(1, board, "a", 1, 0, createNote("n1", "abc")));

            JsonNode wrongLength = alice.request(submit(2, board, "a", 2, 1, text("n1", 5, "x")));
            assertEquals("INVALID_OP", wrongLength.path("code").asString(), wrongLength::toString);
            JsonNode ahead = alice.request(submit(3, board, "a", 3, 99, text("n1", 3, "x")));
            assertEquals("STALE_REVISION", ahead.path("code").asString(), ahead::toString);
            JsonNode unknownNode = alice.request(submit(4, board, "a", 4, 1, text("nope", "x")));
            assertEquals("INVALID_OP", unknownNode.path("code").asString(), unknownNode::toString);
            JsonNode badType = alice.request(submit(5, board, "a", 5, 1, msg("type", "explode")));
            assertEquals("INVALID_OP", badType.path("code").asString(), badType::toString);

            // the core refuses a field longer than 200,000 code points (each message stays under the size limit)
            JsonNode big = alice.request(submit(6, board, "a", 6, 1, text("n1", 3, "x".repeat(150_000))));
            assertEquals("ack", big.path("type").asString(), big::toString);
            JsonNode tooLong = alice.request(submit(7, board, "a", 7, 2, text("n1", 150_003, "y".repeat(60_000))));
            assertEquals("TEXT_TOO_LONG", tooLong.path("code").asString(), tooLong::toString);

            JsonNode snap = subscribe(olga, board, null);
            assertEquals("OBSERVER", snap.path("role").asString());
            JsonNode forbidden = olga.request(submit(1, board, "o", 1, 2, text("n1", "hi", 150_003)));
            assertEquals("FORBIDDEN", forbidden.path("code").asString(), forbidden::toString);

            JsonNode fresh = freshSnapshot(t.owner(), board);
            assertEquals(2, fresh.path("rev").asLong(), "only the two accepted ops were sequenced");
            assertEquals(150_003, body(fresh, "n1").length());
            alice.assertUsable();
            olga.assertUsable();
        }
    }

    @Test
    void aConnectionMaySubscribeToALimitedNumberOfBoards() {
        Team t = team();
        try (WsTestClient alice = connect(0, t.owner())) {
            UUID b1 = createBoard(alice, t.ws().id());
            UUID b2 = createBoard(alice, t.ws().id());
            UUID b3 = createBoard(alice, t.ws().id());
            subscribe(alice, b1, null);
            subscribe(alice, b2, null);
            JsonNode third = alice.request(msg("type", "subscribe", "id", 3, "board", b3.toString()));
            assertEquals("BAD_REQUEST", third.path("code").asString(), third::toString);
            JsonNode twice = alice.request(msg("type", "subscribe", "id", 4, "board", b1.toString()));
            assertEquals("BAD_REQUEST", twice.path("code").asString(), twice::toString);
            JsonNode left = alice.request(msg("type", "unsubscribe", "id", 5, "board", b1.toString()));
            assertEquals("unsubscribed", left.path("type").asString(), left::toString);
            subscribe(alice, b3, null);
        }
    }

    @Test
    void aStrangerCannotSeeOrEditABoard() {
        Team t = team();
        Account mallory = cluster.account("mallory" + names.incrementAndGet());
        try (WsTestClient alice = connect(0, t.owner()); WsTestClient m = connect(1, mallory)) {
            UUID board = createBoard(alice, t.ws().id());
            assertEquals("NOT_FOUND", m.request(msg("type", "subscribe", "id", 1, "board", board.toString()))
                    .path("code").asString());
            assertEquals("NOT_FOUND", m.request(submit(2, board, "m", 1, 0, createNote("n1", "pwned")))
                    .path("code").asString());
            assertEquals(0, freshSnapshot(t.owner(), board).path("rev").asLong());
        }
    }

    @Test
    void presenceJoinsUpdatesAndLeavesAcrossNodesWithNameAndColour() {
        Team t = team();
        try (WsTestClient alice = connect(0, t.owner()); WsTestClient bob = connect(1, t.partner())) {
            UUID board = createBoard(alice, t.ws().id());
            subscribe(alice, board, null);
            subscribe(bob, board, null);
            JsonNode joined = alice.presence();
            assertEquals("join", joined.path("event").asString(), joined::toString);
            assertEquals(board.toString(), joined.path("board").asString());
            assertEquals(t.partner().displayName(), joined.path("user").path("name").asString());
            assertEquals(t.partner().id().toString(), joined.path("user").path("id").asString());
            assertTrue(joined.path("user").path("color").asString().startsWith("#"), joined::toString);
            String bobSession = joined.path("session").asString();
            JsonNode aliceSeen = bob.presence();
            assertEquals(t.owner().displayName(), aliceSeen.path("user").path("name").asString());

            JsonNode ok = bob.request(msg("type", "presence", "id", "p1", "board", board.toString(),
                    "focus", msg("node", "root", "field", "title"), "selection", msg("anchor", 2, "head", 5)));
            assertEquals("ok", ok.path("type").asString(), ok::toString);
            JsonNode update = alice.presence();
            assertEquals("update", update.path("event").asString(), update::toString);
            assertEquals(bobSession, update.path("session").asString());
            assertEquals("root", update.path("focus").path("node").asString());
            assertEquals("title", update.path("focus").path("field").asString());
            assertEquals(5, update.path("selection").path("head").asInt());

            JsonNode bad = bob.request(msg("type", "presence", "id", "p2", "board", board.toString(),
                    "focus", "root"));
            assertEquals("BAD_REQUEST", bad.path("code").asString(), bad::toString);

            bob.request(msg("type", "unsubscribe", "id", "u", "board", board.toString()));
            JsonNode left = alice.presence();
            assertEquals("leave", left.path("event").asString(), left::toString);
            assertEquals(bobSession, left.path("session").asString());
        }
    }
}
