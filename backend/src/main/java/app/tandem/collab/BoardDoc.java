package app.tandem.collab;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.text.TextBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A board: a tree of typed nodes (TEAM.md contract 2). Node {@code "root"} of type {@code "board"} always exists.
 * A node has scalar fields, text fields (held as {@link TextBuffer}s so that typing is cheap) and named child
 * lists ordered by (pos, id).
 *
 * <p>Mutable, with one owner (a sequencer, a replica, a client); {@link #copy()} is a deep copy. {@link #apply}
 * checks the whole op against the document before it changes anything, so a rejected op leaves the document
 * exactly as it was.
 */
public final class BoardDoc {
    public static final String ROOT = "root";
    public static final String ROOT_TYPE = "board";

    private static final Comparator<Node> LIST_ORDER =
            Comparator.<Node, String>comparing(n -> n.pos).thenComparing(n -> n.id);

    private final Map<String, Node> nodes = new HashMap<>();

    /** An empty board: the root only (revision 0). */
    public BoardDoc() {
        nodes.put(ROOT, new Node(ROOT, ROOT_TYPE));
    }

    private BoardDoc(boolean empty) {}

    // ---------------------------------------------------------------- reading

    public int size() {
        return nodes.size();
    }

    public boolean has(String id) {
        return nodes.containsKey(id);
    }

    public String type(String id) {
        return node(id).type;
    }

    /** The parent's id, or null for the root. */
    public String parent(String id) {
        return node(id).parent;
    }

    /** The name of the parent's list holding this node, or null for the root. */
    public String list(String id) {
        return node(id).list;
    }

    public String pos(String id) {
        return node(id).pos;
    }

    /** A scalar field's value, or null when it has none. */
    public Object field(String id, String field) {
        return node(id).fields.get(field);
    }

    public Map<String, Object> fields(String id) {
        return Collections.unmodifiableMap(new TreeMap<>(node(id).fields));
    }

    /** A text field ("" when absent). */
    public String text(String id, String field) {
        TextBuffer t = node(id).texts.get(field);
        return t == null ? "" : t.toString();
    }

    /** A text field's length in code points (0 when absent). */
    public int textLength(String id, String field) {
        TextBuffer t = node(id).texts.get(field);
        return t == null ? 0 : t.length();
    }

    public Set<String> textNames(String id) {
        return Collections.unmodifiableSet(new TreeSet<>(node(id).texts.keySet()));
    }

    public Set<String> listNames(String id) {
        return Collections.unmodifiableSet(new TreeSet<>(node(id).lists.keySet()));
    }

    /** The children in list {@code list} of {@code id}, in (pos, id) order. */
    public List<String> children(String id, String list) {
        TreeSet<Node> kids = node(id).lists.get(list);
        if (kids == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(kids.size());
        for (Node k : kids) {
            out.add(k.id);
        }
        return out;
    }

    /** {@code id} and all its descendants, parents before children, lists in order. */
    public Set<String> subtree(String id) {
        Set<String> out = new LinkedHashSet<>();
        collect(node(id), out);
        return out;
    }

    /** True if {@code ancestor} is {@code id} or one of its ancestors. */
    public boolean isAncestorOrSelf(String ancestor, String id) {
        for (Node n = nodes.get(id); n != null; n = n.parent == null ? null : nodes.get(n.parent)) {
            if (n.id.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    public BoardDoc copy() {
        BoardDoc c = new BoardDoc(true);
        for (Node n : nodes.values()) {
            Node m = new Node(n.id, n.type);
            m.parent = n.parent;
            m.list = n.list;
            m.pos = n.pos;
            m.fields.putAll(n.fields);
            n.texts.forEach((k, v) -> m.texts.put(k, v.copy()));
            c.nodes.put(m.id, m);
        }
        for (Node n : nodes.values()) {
            Node m = c.nodes.get(n.id);
            n.lists.forEach((name, kids) -> {
                TreeSet<Node> set = new TreeSet<>(LIST_ORDER);
                for (Node k : kids) {
                    set.add(c.nodes.get(k.id));
                }
                m.lists.put(name, set);
            });
        }
        return c;
    }

    // ---------------------------------------------------------------- changing

    /**
     * Checks {@code op} against this document, then applies it. Rejected (INVALID_OP, TEXT_TOO_LONG) with the
     * document unchanged when: its node is unknown (or already exists, for create), it deletes or moves the root,
     * it moves a node under itself or a descendant, a text op's length does not match the field, or a limit would
     * be exceeded.
     */
    public void apply(Op op) {
        check(op);
        switch (op) {
            case Op.Create c -> {
                Node n = new Node(c.node(), c.nodeType());
                n.fields.putAll(c.fields());
                c.texts().forEach((k, v) -> {
                    if (!v.isEmpty()) {
                        n.texts.put(k, new TextBuffer(v));
                    }
                });
                nodes.put(n.id, n);
                attach(n, nodes.get(c.parent()), c.list(), c.pos());
            }
            case Op.Delete d -> {
                Node n = nodes.get(d.node());
                detach(n);
                removeSubtree(n);
            }
            case Op.Move m -> {
                Node n = nodes.get(m.node());
                detach(n);
                attach(n, nodes.get(m.parent()), m.list(), m.pos());
            }
            case Op.SetField s -> {
                Node n = nodes.get(s.node());
                if (s.value() == null) {
                    n.fields.remove(s.field());
                } else {
                    n.fields.put(s.field(), s.value());
                }
            }
            case Op.TextEdit t -> {
                Node n = nodes.get(t.node());
                TextBuffer buf = n.texts.get(t.field());
                if (buf == null) {
                    buf = new TextBuffer();
                    n.texts.put(t.field(), buf);
                }
                buf.apply(t.ops());
                if (buf.length() == 0) {
                    n.texts.remove(t.field()); // absent and "" are the same; keep one form
                }
            }
            case Op.Noop n -> { }
        }
    }

    /** Throws what {@link #apply} would throw, changing nothing. */
    public void check(Op op) {
        switch (op) {
            case Op.Create c -> {
                if (nodes.containsKey(c.node())) {
                    throw invalid("Node '" + c.node() + "' already exists.");
                }
                existing(c.parent());
                if (nodes.size() >= Limits.MAX_NODES) {
                    throw new TandemException(ErrorCode.INVALID_OP,
                            "A board may hold at most " + Limits.MAX_NODES + " nodes.");
                }
            }
            case Op.Delete d -> {
                notRoot(d.node(), "deleted");
                existing(d.node());
            }
            case Op.Move m -> {
                notRoot(m.node(), "moved");
                existing(m.node());
                existing(m.parent());
                if (isAncestorOrSelf(m.node(), m.parent())) {
                    throw invalid("Node '" + m.node() + "' cannot be moved under itself or its own descendant.");
                }
            }
            case Op.SetField s -> existing(s.node());
            case Op.TextEdit t -> {
                int length = textLength(existing(t.node()).id, t.field());
                if (t.ops().baseLength() != length) {
                    throw invalid("The text op on '" + t.node() + "." + t.field() + "' spans " + t.ops().baseLength()
                            + " characters but the text has " + length + ".");
                }
            }
            case Op.Noop n -> { }
        }
    }

    /**
     * The ops that undo {@code op}, computed on this document before {@code op} is applied (op must be valid here).
     * Applied in order after {@code op}, they restore this document. Create → delete; delete → re-create the
     * subtree with the same ids, fields, texts and positions; move → move back; set → set the old value; text →
     * the inverse text op.
     */
    public List<Op> inverse(Op op) {
        check(op);
        return switch (op) {
            case Op.Create c -> List.of(new Op.Delete(c.node()));
            case Op.Delete d -> {
                List<Op> creates = new ArrayList<>();
                for (String id : subtree(d.node())) {
                    Node n = nodes.get(id);
                    Map<String, String> texts = new TreeMap<>();
                    n.texts.forEach((k, v) -> texts.put(k, v.toString()));
                    creates.add(new Op.Create(n.id, n.type, n.parent, n.list, n.pos, new TreeMap<>(n.fields), texts));
                }
                yield creates;
            }
            case Op.Move m -> {
                Node n = nodes.get(m.node());
                yield List.of(new Op.Move(n.id, n.parent, n.list, n.pos));
            }
            case Op.SetField s -> List.of(new Op.SetField(s.node(), s.field(), field(s.node(), s.field())));
            case Op.TextEdit t -> {
                TextBuffer buf = nodes.get(t.node()).texts.get(t.field());
                yield List.of(new Op.TextEdit(t.node(), t.field(), t.ops().invert(buf == null ? new TextBuffer() : buf)));
            }
            case Op.Noop n -> List.of();
        };
    }

    // ---------------------------------------------------------------- JSON snapshot

    /**
     * The document as JSON: {@code {"nodes":[node...]}}, nodes in tree order (root first, then depth-first by list
     * name and list order), each {@code {"id","type","pos"(not for the root),"fields","texts","lists"}} where
     * lists name their children's ids in order. Deterministic: equal documents give equal strings.
     */
    public String toJson() {
        return OpJson.JSON.writeValueAsString(toTree());
    }

    public ObjectNode toTree() {
        ObjectNode root = OpJson.JSON.createObjectNode();
        ArrayNode list = root.putArray("nodes");
        for (String id : subtree(ROOT)) {
            Node n = nodes.get(id);
            ObjectNode o = list.addObject();
            o.put("id", n.id).put("type", n.type);
            if (n.pos != null) {
                o.put("pos", n.pos);
            }
            ObjectNode f = o.putObject("fields");
            new TreeMap<>(n.fields).forEach((k, v) -> OpJson.putScalar(f, k, v));
            ObjectNode t = o.putObject("texts");
            new TreeMap<>(n.texts).forEach((k, v) -> t.put(k, v.toString()));
            ObjectNode l = o.putObject("lists");
            n.lists.forEach((name, kids) -> {
                ArrayNode a = l.putArray(name);
                kids.forEach(k -> a.add(k.id));
            });
        }
        return root;
    }

    public static BoardDoc fromJson(String json) {
        return fromTree(OpJson.tree(json));
    }

    /** Reads {@link #toJson()}'s form; INVALID_OP (or TEXT_TOO_LONG) if it is not a well-formed board. */
    public static BoardDoc fromTree(JsonNode json) {
        JsonNode list = json == null ? null : json.get("nodes");
        if (list == null || !list.isArray()) {
            throw invalid("A board document is {\"nodes\":[...]}.");
        }
        if (list.size() > Limits.MAX_NODES) {
            throw invalid("A board may hold at most " + Limits.MAX_NODES + " nodes.");
        }
        BoardDoc doc = new BoardDoc(true);
        Map<String, Map<String, List<String>>> childIds = new HashMap<>();
        for (JsonNode o : list) {
            if (!o.isObject()) {
                throw invalid("Each node must be an object.");
            }
            String id = Limits.name("node id", OpJson.string(o, "id"));
            Node n = new Node(id, Limits.name("node type", OpJson.string(o, "type")));
            if (doc.nodes.put(id, n) != null) {
                throw invalid("Node '" + id + "' appears twice.");
            }
            if (!id.equals(ROOT)) {
                n.pos = Limits.pos(OpJson.string(o, "pos"));
            } else if (!ROOT_TYPE.equals(n.type)) {
                throw invalid("The root must have type \"" + ROOT_TYPE + "\".");
            }
            OpJson.fields(o.get("fields")).forEach((k, v) -> {
                Object value = Limits.scalar(Limits.name("field", k), v);
                if (value != null) {
                    n.fields.put(k, value);
                }
            });
            OpJson.texts(o.get("texts")).forEach((k, v) -> {
                Limits.name("text name", k);
                if (!v.isEmpty()) {
                    n.texts.put(k, new TextBuffer(v));
                }
            });
            JsonNode lists = o.get("lists");
            Map<String, List<String>> kids = new TreeMap<>();
            if (lists != null && !lists.isNull()) {
                if (!lists.isObject()) {
                    throw invalid("\"lists\" must be an object of id arrays.");
                }
                for (Map.Entry<String, JsonNode> e : lists.properties()) {
                    Limits.name("list", e.getKey());
                    if (!e.getValue().isArray()) {
                        throw invalid("List '" + e.getKey() + "' must be an array of ids.");
                    }
                    List<String> ids = new ArrayList<>();
                    for (JsonNode k : e.getValue()) {
                        if (!k.isString()) {
                            throw invalid("List '" + e.getKey() + "' must hold node ids.");
                        }
                        ids.add(k.stringValue());
                    }
                    kids.put(e.getKey(), ids);
                }
            }
            childIds.put(id, kids);
        }
        if (!doc.nodes.containsKey(ROOT)) {
            throw invalid("A board document needs its root node.");
        }
        // Link children, starting at the root so that every node is reached exactly once (no cycles, no orphans).
        Set<String> seen = new HashSet<>(Set.of(ROOT));
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(ROOT));
        while (!todo.isEmpty()) {
            Node parent = doc.nodes.get(todo.pop());
            for (Map.Entry<String, List<String>> e : childIds.get(parent.id).entrySet()) {
                for (String kid : e.getValue()) {
                    Node k = doc.nodes.get(kid);
                    if (k == null || !seen.add(kid)) {
                        throw invalid("Node '" + kid + "' in list '" + e.getKey() + "' of '" + parent.id
                                + "' is unknown or listed twice.");
                    }
                    doc.attach(k, parent, e.getKey(), k.pos);
                    todo.push(kid);
                }
            }
        }
        if (seen.size() != doc.nodes.size()) {
            throw invalid("Some nodes are not in any list of the tree.");
        }
        return doc;
    }

    @Override
    public String toString() {
        return toJson();
    }

    // ---------------------------------------------------------------- internals

    private Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("No node '" + id + "'.");
        }
        return n;
    }

    private Node existing(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw invalid("Node '" + id + "' does not exist.");
        }
        return n;
    }

    private static void notRoot(String id, String verb) {
        if (ROOT.equals(id)) {
            throw invalid("The root cannot be " + verb + ".");
        }
    }

    private void attach(Node n, Node parent, String list, String pos) {
        n.parent = parent.id;
        n.list = list;
        n.pos = pos;
        parent.lists.computeIfAbsent(list, k -> new TreeSet<>(LIST_ORDER)).add(n);
    }

    private void detach(Node n) {
        Node parent = nodes.get(n.parent);
        TreeSet<Node> kids = parent.lists.get(n.list);
        kids.remove(n);
        if (kids.isEmpty()) {
            parent.lists.remove(n.list);
        }
        n.parent = null;
        n.list = null;
    }

    private void removeSubtree(Node n) {
        nodes.remove(n.id);
        for (TreeSet<Node> kids : n.lists.values()) {
            for (Node k : kids) {
                removeSubtree(k);
            }
        }
    }

    private void collect(Node n, Set<String> out) {
        out.add(n.id);
        for (TreeSet<Node> kids : n.lists.values()) {
            for (Node k : kids) {
                collect(k, out);
            }
        }
    }

    private static TandemException invalid(String message) {
        return new TandemException(ErrorCode.INVALID_OP, message);
    }

    private static final class Node {
        final String id;
        final String type;
        String parent;
        String list;
        String pos;
        final Map<String, Object> fields = new TreeMap<>();
        final Map<String, TextBuffer> texts = new TreeMap<>();
        final Map<String, TreeSet<Node>> lists = new TreeMap<>();

        Node(String id, String type) {
            this.id = id;
            this.type = type;
        }
    }
}
