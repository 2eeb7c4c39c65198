package app.tandem.e2e;

import app.tandem.domain.DemoData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Finds the demo workspace and board through a node's REST API (so the tests click links by their real ids). */
record DemoApi(String workspaceId, String boardId) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A signed-in demo account: its bearer token, account id and display name (as avatars and carets show it). */
    record Login(String token, String accountId, String displayName) {
    }

    /** {@code POST /api/auth/login} with the demo password. */
    static Login login(String apiUrl, String email) throws IOException, InterruptedException {
        JsonNode session = call(HttpRequest.newBuilder(URI.create(apiUrl + "api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of(
                        "email", email, "password", DemoData.PASSWORD)))));
        JsonNode account = session.get("account");
        return new Login(session.get("token").asString(), account.get("id").asString(),
                account.get("displayName").asString());
    }

    static DemoApi find(String apiUrl, String email) throws IOException, InterruptedException {
        String token = login(apiUrl, email).token();
        JsonNode workspaces = call(get(apiUrl + "api/workspaces", token));
        String ws = null;
        for (JsonNode w : workspaces) {
            if (DemoData.WORKSPACE_NAME.equals(w.get("name").asString())) {
                ws = w.get("id").asString();
            }
        }
        if (ws == null) {
            throw new AssertionError("demo workspace not listed for " + email + ": " + workspaces);
        }
        JsonNode boards = call(get(apiUrl + "api/workspaces/" + ws + "/boards", token));
        for (JsonNode b : boards) {
            if (DemoData.BOARD_TITLE.equals(b.get("title").asString())) {
                return new DemoApi(ws, b.get("id").asString());
            }
        }
        throw new AssertionError("demo board not listed: " + boards);
    }

    private static HttpRequest.Builder get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET();
    }

    private static JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + " "
                    + r.body());
        }
        return JSON.readTree(r.body());
    }
}
