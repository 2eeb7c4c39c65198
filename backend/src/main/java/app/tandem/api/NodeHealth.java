package app.tandem.api;

/**
 * What {@code GET /health} reports about this node. Called on the event loop, so every method must answer
 * from memory without blocking (e.g. Hazelcast's local member list, a flag set when startup finished).
 */
public interface NodeHealth {

    /** True once the node serves requests (database migrated, cluster joined). */
    boolean ready();

    /** Members in the cluster as this node sees it (1 for a single node). */
    int clusterSize();

    /** This node's name in logs and health output (e.g. host:port or the Hazelcast member uuid). */
    String nodeId();
}
