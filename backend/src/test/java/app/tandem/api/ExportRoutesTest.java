package app.tandem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.ClusterNode;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.CollabModel;
import app.tandem.cluster.engine.EngineConfig;
import app.tandem.cluster.engine.SubmitRequest;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.FractionalIndex;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import app.tandem.config.TandemConfig;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Workspace;
import app.tandem.domain.template.BoardTemplate;
import app.tandem.domain.template.BoardTemplate.Question;
import app.tandem.domain.template.SharingPlan;
import app.tandem.domain.template.TemplateSeeder;
import app.tandem.store.Database;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcTokenService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import app.tandem.store.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Template seeding on the real engine (one real Hazelcast member, op log on H2) and the Markdown export over real
 * HTTP with bearer tokens.
 */
class ExportRoutesTest {
    static ClusterNode node;
    Database db;
    OpLog opLog;
    BoardEngine engine;
    JdbcAccountService accounts;
    JdbcTokenService tokens;
    JdbcWorkspaceService workspaces;
    ApiServer server;
    final HttpClient http = HttpClient.newHttpClient();

    Account owner;
    Account partner;
    Account observer;
    Account stranger;
    Workspace ws;

    @BeforeAll
    static void startNode() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        node = ClusterNode.start(new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused", "sa", "",
                port, List.of("127.0.0.1:" + port), "127.0.0.1", false));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void start() {
        db = TestDatabase.fresh();
        accounts = new JdbcAccountService(db.dataSource());
        tokens = new JdbcTokenService(db.dataSource());
        workspaces = new JdbcWorkspaceService(db.dataSource());
        opLog = new OpLog(db.dataSource());
        engine = BoardEngine.start(node, opLog, new SnapshotStore(db.dataSource()),
                (accountId, boardId) -> workspaces.roleOnBoard(accounts.find(accountId)
                        .orElseThrow(() -> new TandemException(ErrorCode.NOT_FOUND, "No such account")), boardId),
                new CollabModel(), EngineConfig.defaults());
        server = ApiServer.start(node.vertx(), "127.0.0.1", 0,
                new ApiServices(accounts, tokens, workspaces, new NodeHealth() {
                    @Override
                    public boolean ready() {
                        return true;
                    }

                    @Override
                    public int clusterSize() {
                        return 1;
                    }

                    @Override
                    public String nodeId() {
                        return "n";
                    }
                })).await();
        ExportRoutes.mount(server, workspaces, engine::open);
        owner = accounts.signUp("owner@example.org", "Olive Owner", "correct horse battery");
        partner = accounts.signUp("partner@example.org", "Pat Partner", "correct horse battery");
        observer = accounts.signUp("observer@example.org", "Obi Observer", "correct horse battery");
        stranger = accounts.signUp("stranger@example.org", "Sam Stranger", "correct horse battery");
        ws = workspaces.create(owner, "Riverside & Hillview", "");
        workspaces.addMember(ws.id(), partner.id(), Role.PARTNER);
        workspaces.addMember(ws.id(), observer.id(), Role.OBSERVER);
    }

    @AfterEach
    void stop() {
        server.close().await();
        engine.close();
        opLog.close();
        db.close();
    }

    static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private BoardDoc doc(UUID board) {
        return BoardDoc.fromJson(get(engine.open(board)).docJson());
    }

    /** The replica applies committed ops from the stream just after their acks: wait until it has {@code rev}. */
    private void awaitRev(UUID board, long rev) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (get(engine.open(board)).rev() < rev) {
            if (System.nanoTime() > end) {
                throw new AssertionError("board never reached rev " + rev);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private long lastRev;

    private long submit(UUID board, Account who, Op op) {
        long rev = get(engine.open(board)).rev();
        lastRev = get(engine.submit(new SubmitRequest(board, who.id(),
                "test-" + UUID.randomUUID().toString().substring(0, 8), 1, rev, OpJson.write(op)))).rev();
        return lastRev;
    }

    private HttpResponse<String> export(String boardId, String format, Account who) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/boards/"
                + boardId + "/export" + (format == null ? "" : "?format=" + format))).timeout(Duration.ofSeconds(20));
        if (who != null) {
            b.header("Authorization", "Bearer " + tokens.issue(who));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String errorCode(HttpResponse<String> r) {
        JsonNode body = ApiServer.JSON.readTree(r.body());
        return body.path("error").path("code").asString();
    }

    @Test
    void concurrentSeedingCreatesEveryNodeExactlyOnce() {
        BoardInfo board = workspaces.createBoard(owner, ws.id(), "Plan", SharingPlan.TYPE);
        BoardTemplate t = SharingPlan.TEMPLATE;
        List<CompletableFuture<Void>> seeders = new ArrayList<>();
        for (Account who : List.of(owner, partner, owner, partner)) {
            seeders.add(TemplateSeeder.ensure(engine, board.id(), who.id(), t).toCompletableFuture());
        }
        seeders.forEach(ExportRoutesTest::get);
        awaitRev(board.id(), t.seedOps().size());
        BoardDoc doc = doc(board.id());
        assertTrue(t.isSeeded(doc));
        assertEquals(1 + t.seedOps().size(), doc.size());
        List<String> sections = doc.children(BoardDoc.ROOT, BoardTemplate.SECTIONS);
        assertEquals(t.sections().size(), sections.size());
        assertEquals(t.sections().size(), new HashSet<>(sections).size());
        for (BoardTemplate.Section s : t.sections()) {
            assertEquals(s.questions().stream().map(BoardTemplate::questionNode).toList(),
                    doc.children(BoardTemplate.sectionNode(s), BoardTemplate.QUESTIONS));
        }
        // Exactly one op per node was sequenced: the other seeders' ops were deduplicated or refused.
        assertEquals(t.seedOps().size(), get(engine.open(board.id())).rev());
        // Seeding again later changes nothing.
        get(TemplateSeeder.ensure(engine, board.id(), partner.id(), t));
        awaitRev(board.id(), t.seedOps().size());
        assertEquals(t.seedOps().size(), get(engine.open(board.id())).rev());
    }

    @Test
    void exportHoldsEveryQuestionAndAnswerInOrder() {
        BoardInfo board = workspaces.createBoard(owner, ws.id(), "Sharing creative writing", SharingPlan.TYPE);
        BoardTemplate t = SharingPlan.TEMPLATE;
        get(TemplateSeeder.ensure(engine, board.id(), owner.id(), t));
        Question mentoring = SharingPlan.STEP_3.questions().get(7);
        Question observe = SharingPlan.STEP_3.questions().get(2);
        submit(board.id(), partner, new Op.SetField(BoardTemplate.questionNode(observe), BoardTemplate.CHOSEN, true));
        submit(board.id(), owner, new Op.SetField(BoardTemplate.questionNode(mentoring), BoardTemplate.CHOSEN, true));
        // Every question answered, each with its own text, by the two editors in turn.
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        int i = 0;
        for (BoardTemplate.Section s : t.sections()) {
            if (s == SharingPlan.STEP_3) {
                continue;
            }
            List<Question> items = s.perPickOf() == null ? List.of() : List.of(observe, mentoring);
            for (Question q : s.questions()) {
                if (items.isEmpty()) {
                    String a = "Answer " + (++i) + " to " + q.id();
                    answers.put(q.text(), a);
                    submit(board.id(), i % 2 == 0 ? owner : partner, new Op.TextEdit(BoardTemplate.questionNode(q),
                            BoardTemplate.ANSWER, TextOp.builder().insert(a).build()));
                } else {
                    for (Question item : items) {
                        String a = "Answer " + (++i) + " for " + item.id() + " to " + q.id();
                        submit(board.id(), owner, new Op.TextEdit(BoardTemplate.questionNode(item),
                                BoardTemplate.perPickField(q), TextOp.builder().insert(a).build()));
                    }
                }
            }
        }

        awaitRev(board.id(), lastRev);
        HttpResponse<String> r = export(board.id().toString(), "md", partner);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));
        String md = r.body();
        int at = 0;
        int n = 0;
        for (BoardTemplate.Section s : t.sections()) {
            at = after(md, "## " + s.title(), at);
            if (s == SharingPlan.STEP_3) {
                for (Question q : s.questions()) {
                    boolean chosen = q == observe || q == mentoring;
                    at = after(md, "- [" + (chosen ? "x" : " ") + "] " + q.text(), at);
                }
            } else if (s.perPickOf() != null) {
                int base = n;
                for (Question item : List.of(observe, mentoring)) {
                    at = after(md, "### " + item.text(), at);
                    int k = 0;
                    for (Question q : s.questions()) {
                        at = after(md, "#### " + q.text(), at);
                        // answers were typed question by question, alternating between the two approaches
                        int number = base + 2 * k + (item == observe ? 1 : 2);
                        at = after(md, "Answer " + number + " for " + item.id() + " to " + q.id(), at);
                        k++;
                    }
                }
                n = base + 2 * s.questions().size();
            } else {
                for (Question q : s.questions()) {
                    at = after(md, "### " + q.text(), at);
                    at = after(md, answers.get(q.text()), at);
                    n++;
                }
            }
        }
        // Observers read (and so export) boards too.
        assertEquals(200, export(board.id().toString(), null, observer).statusCode());
    }

    @Test
    void cycleBoardExport() {
        BoardInfo board = workspaces.createBoard(owner, ws.id(), "Reading cycle", "cycle");
        submit(board.id(), owner, new Op.Create("c1", "card", BoardDoc.ROOT, "TRY", FractionalIndex.first(),
                Map.of(), Map.of("title", "Paired reading", "text", "Bob's class, Thursdays")));
        awaitRev(board.id(), lastRev);
        HttpResponse<String> r = export(board.id().toString(), "md", owner);
        assertEquals(200, r.statusCode(), r.body());
        int at = after(r.body(), "# Reading cycle", 0);
        at = after(r.body(), "## Plan", at);
        at = after(r.body(), "## Try", at);
        at = after(r.body(), "### Paired reading", at);
        at = after(r.body(), "Bob's class, Thursdays", at);
        after(r.body(), "## Share", at);
    }

    @Test
    void exportErrorsAreCoded() {
        BoardInfo board = workspaces.createBoard(owner, ws.id(), "Plan", SharingPlan.TYPE);
        String id = board.id().toString();

        HttpResponse<String> noToken = export(id, "md", null);
        assertEquals(401, noToken.statusCode());
        assertEquals("UNAUTHENTICATED", errorCode(noToken));

        HttpResponse<String> notMember = export(id, "md", stranger);
        assertEquals(404, notMember.statusCode());
        assertEquals("NOT_FOUND", errorCode(notMember));
        // A stranger learns nothing from the format check either: not found comes first.
        assertEquals("NOT_FOUND", errorCode(export(id, "pdf", stranger)));

        HttpResponse<String> unknown = export(UUID.randomUUID().toString(), "md", owner);
        assertEquals(404, unknown.statusCode());
        assertEquals("NOT_FOUND", errorCode(unknown));
        assertEquals("NOT_FOUND", errorCode(export("not-a-uuid", "md", owner)));

        HttpResponse<String> badFormat = export(id, "pdf", owner);
        assertEquals(400, badFormat.statusCode());
        assertEquals("BAD_REQUEST", errorCode(badFormat));
    }

    private static int after(String md, String needle, int from) {
        int i = md.indexOf(needle, from);
        assertTrue(i >= 0, () -> "missing after " + from + ": " + needle + "\n" + md);
        return i + needle.length();
    }
}
