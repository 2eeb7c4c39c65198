package app.tandem.cluster.engine;

import static app.tandem.cluster.engine.EngineCluster.get;

import app.tandem.store.Database;
import app.tandem.store.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: ack and remote-delivery latency of the engine alone (no WebSocket) on a two-member loopback
 * cluster with the real collab core and H2. Clients are spread over both members, one op in flight each, at a
 * fixed rate; a listener on each member times delivery. Prints one JSON line. Run:
 * {@code mvn -o -q -pl backend test -Pbench -Dtest=EngineLatencyBench -Dbench.clients=100 -Dbench.rate=5 -Dbench.seconds=10}
 */
@Tag("bench")
class EngineLatencyBench {

    @Test
    void ackAndDeliveryLatency() throws Exception {
        int clients = Integer.getInteger("bench.clients", 100);
        int rate = Integer.getInteger("bench.rate", 5);
        int seconds = Integer.getInteger("bench.seconds", 10);
        try (Database db = TestDatabase.fresh();
             EngineCluster cluster = new EngineCluster(db, 2, EngineConfig.defaults(), CollabModel::new)) {
            UUID board = UUID.randomUUID();
            get(cluster.engine(0).submit(new SubmitRequest(board, cluster.editor, "setup", 1, 0,
                    "{\"type\":\"create\",\"node\":\"c1\",\"nodeType\":\"card\",\"parent\":\"root\",\"list\":\"cards\","
                            + "\"pos\":\"a\",\"fields\":{},\"texts\":{}}")));
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<Long> deliveries = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int m = 0; m < 2; m++) {
                int member = m;
                get(cluster.engine(m).subscribe(board, 1, (b, ops) -> {
                    long now = System.nanoTime();
                    for (SequencedOp op : ops) {
                        // Remote delivery: ops from clients on the other member.
                        if (!op.clientId().equals("setup") && Integer.parseInt(op.clientId().substring(1)) % 2 != member) {
                            Long t0 = sentAt.get(op.clientId() + "/" + op.clientSeq());
                            if (t0 != null) {
                                deliveries.add(now - t0);
                            }
                        }
                    }
                }).ready());
            }
            AtomicLong errors = new AtomicLong();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<List<Long>>> results = new ArrayList<>();
            long start = System.nanoTime();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    List<Long> acks = new ArrayList<>();
                    BoardEngine engine = cluster.engine(client % 2);
                    long base = 1;
                    long next = start + (periodNanos * client / clients);
                    for (long seq = 1; System.nanoTime() < start + TimeUnit.SECONDS.toNanos(seconds); seq++) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        next += periodNanos;
                        String id = "c" + client;
                        long t0 = System.nanoTime();
                        sentAt.put(id + "/" + seq, t0);
                        try {
                            Ack ack = engine.submit(new SubmitRequest(board, cluster.editor, id, seq, base,
                                    "{\"type\":\"set\",\"node\":\"c1\",\"field\":\"f" + client + "\",\"value\":" + seq
                                            + "}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
                            acks.add(System.nanoTime() - t0);
                            base = ack.rev();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                    return acks;
                }));
            }
            List<Long> acks = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                acks.addAll(f.get(seconds + 60L, TimeUnit.SECONDS));
            }
            pool.shutdown();
            Thread.sleep(500);
            long[] a = acks.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] d;
            synchronized (deliveries) {
                d = deliveries.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            System.out.printf("{\"bench\":\"engine-latency\",\"clients\":%d,\"rate\":%d,\"seconds\":%d,\"acked\":%d,"
                            + "\"errors\":%d,\"ackMs\":{\"p50\":%.2f,\"p95\":%.2f,\"p99\":%.2f},"
                            + "\"remoteDeliveryMs\":{\"count\":%d,\"p50\":%.2f,\"p95\":%.2f,\"p99\":%.2f},"
                            + "\"commits\":%d,\"committedOps\":%d}%n",
                    clients, rate, seconds, a.length, errors.get(), ms(a, 50), ms(a, 95), ms(a, 99), d.length,
                    ms(d, 50), ms(d, 95), ms(d, 99), cluster.log(0).commits() + cluster.log(1).commits(),
                    cluster.log(0).committedOps() + cluster.log(1).committedOps());
        }
    }

    private static double ms(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
