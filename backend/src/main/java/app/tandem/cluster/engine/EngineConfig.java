package app.tandem.cluster.engine;

import java.time.Duration;

/**
 * Engine settings.
 *
 * @param snapshotEvery     a snapshot is saved at every revision divisible by this (default 500): a load reads at
 *                          most this many ops plus {@code minHistory}
 * @param minHistory        a load starts from a snapshot at least this many ops below the head (default 100), so
 *                          clients a little behind after a move of the sequencer are transformed, not refused
 * @param requestTimeout    how long a node waits for the owner's answer to a submit (default 10 s)
 * @param maxAttempts       submits that meet a moving owner or a reloading sequencer are tried this often in all
 *                          (default 8; waits of 25 ms doubling, about 3 s in all)
 * @param replicaLinger     how long a replica nobody listens to stays loaded (default 30 s; 0 closes at once)
 * @param headCheckInterval how often an open replica compares its revision with the sequencer's committed head, to
 *                          repair a lost last op that no later op reveals (default 1 s)
 * @param recentOps         ops each replica keeps for subscribers catching up, before they go to the op log (1000)
 */
public record EngineConfig(int snapshotEvery, int minHistory, Duration requestTimeout, int maxAttempts,
                           Duration replicaLinger, Duration headCheckInterval, int recentOps) {

    public EngineConfig {
        if (snapshotEvery < 1 || minHistory < 0 || maxAttempts < 1 || recentOps < 0) {
            throw new IllegalArgumentException("invalid engine config");
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(500, 100, Duration.ofSeconds(10), 8, Duration.ofSeconds(30), Duration.ofSeconds(1),
                1000);
    }

    public EngineConfig withSnapshotEvery(int n, int history) {
        return new EngineConfig(n, history, requestTimeout, maxAttempts, replicaLinger, headCheckInterval, recentOps);
    }

    public EngineConfig withReplicaLinger(Duration linger) {
        return new EngineConfig(snapshotEvery, minHistory, requestTimeout, maxAttempts, linger, headCheckInterval,
                recentOps);
    }

    public EngineConfig withHeadCheckInterval(Duration interval) {
        return new EngineConfig(snapshotEvery, minHistory, requestTimeout, maxAttempts, replicaLinger, interval,
                recentOps);
    }
}
