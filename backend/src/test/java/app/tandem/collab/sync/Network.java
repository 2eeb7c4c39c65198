package app.tandem.collab.sync;

import app.tandem.TandemException;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * A simulated deployment for tests: one {@link ServerDoc} and N {@link ClientDoc}s connected by FIFO queues
 * (client → server, server → client) whose messages are delivered in an order the test chooses.
 */
public final class Network {
    sealed interface Down permits Ack, Remote, Reject {}

    record Ack(long rev) implements Down {}

    record Remote(SequencedOp op) implements Down {}

    record Reject(TandemException error) implements Down {}

    final ServerDoc server = new ServerDoc();
    final List<ClientDoc> clients = new ArrayList<>();
    final List<UUID> authors = new ArrayList<>();
    final List<ArrayDeque<ClientDoc.Submission>> up = new ArrayList<>();
    final List<ArrayDeque<Down>> down = new ArrayList<>();
    final List<SequencedOp> log = new ArrayList<>();
    /** Every submission the server took, in order, with its author: a workload to replay against a server. */
    final List<Served> served = new ArrayList<>();

    public record Served(UUID author, ClientDoc.Submission submission) {}
    int rejects;

    Network(int clientCount) {
        for (int i = 0; i < clientCount; i++) {
            clients.add(new ClientDoc("client-" + i, new BoardDoc(), 0));
            authors.add(UUID.randomUUID());
            up.add(new ArrayDeque<>());
            down.add(new ArrayDeque<>());
        }
    }

    ClientDoc client(int i) {
        return clients.get(i);
    }

    void send(int client, Optional<ClientDoc.Submission> submission) {
        submission.ifPresent(up.get(client)::add);
    }

    /** The server takes the next message from {@code client}; false if there was none. */
    boolean serve(int client) {
        ClientDoc.Submission s = up.get(client).poll();
        if (s == null) {
            return false;
        }
        served.add(new Served(authors.get(client), s));
        try {
            switch (server.submit(authors.get(client), s.clientId(), s.clientSeq(), s.baseRev(), s.op())) {
                case ServerDoc.Sequenced q -> {
                    log.add(q.op());
                    for (int i = 0; i < clients.size(); i++) {
                        down.get(i).add(i == client ? new Ack(q.op().rev()) : new Remote(q.op()));
                    }
                }
                case ServerDoc.Duplicate d -> down.get(client).add(new Ack(d.ack().rev()));
            }
        } catch (TandemException e) {
            rejects++;
            down.get(client).add(new Reject(e));
        }
        return true;
    }

    /** {@code client} receives its next message; false if there was none. */
    boolean deliver(int client) {
        Down m = down.get(client).poll();
        if (m == null) {
            return false;
        }
        ClientDoc c = clients.get(client);
        switch (m) {
            case Ack a -> send(client, c.onAck(a.rev()));
            case Remote r -> c.onRemote(r.op().rev(), r.op().op());
            case Reject r -> send(client, c.onReject());
        }
        return true;
    }

    /** Delivers everything, in a random interleaving, until all queues are empty. */
    void drain(Random r) {
        while (true) {
            List<Runnable> possible = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                int c = i;
                if (!up.get(i).isEmpty()) {
                    possible.add(() -> serve(c));
                }
                if (!down.get(i).isEmpty()) {
                    possible.add(() -> deliver(c));
                }
            }
            if (possible.isEmpty()) {
                return;
            }
            possible.get(r.nextInt(possible.size())).run();
        }
    }

    /** One random network step (serve or deliver for a random client); false if nothing was pending there. */
    boolean randomStep(Random r) {
        int c = r.nextInt(clients.size());
        return r.nextBoolean() ? serve(c) : deliver(c);
    }

    /** Everybody's document, confirmed and local, equals the server's. */
    void assertConverged() {
        String expected = server.doc().toJson();
        for (ClientDoc c : clients) {
            if (c.hasPending()) {
                throw new AssertionError(c.clientId() + " still has pending ops");
            }
            if (!expected.equals(c.doc().toJson())) {
                throw new AssertionError(c.clientId() + " diverged:\n server " + expected + "\n client " + c.doc().toJson());
            }
            if (!expected.equals(c.confirmed().toJson())) {
                throw new AssertionError(c.clientId() + " confirmed diverged");
            }
            if (c.rev() != server.rev()) {
                throw new AssertionError(c.clientId() + " at rev " + c.rev() + ", server at " + server.rev());
            }
        }
    }

    /** A new replica built from the server's op log reaches the same document (replay of the log). */
    void assertLogReplays() {
        ServerDoc replica = new ServerDoc();
        for (SequencedOp op : log) {
            replica.replay(op);
        }
        if (!replica.doc().toJson().equals(server.doc().toJson())) {
            throw new AssertionError("log replay diverged");
        }
    }

    static Op noop() {
        return Op.Noop.INSTANCE;
    }
}
