package app.tandem.collab;

import app.tandem.collab.text.TextOp;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A change to a board document (TEAM.md contract 2). Immutable; the constructors check everything that does not
 * depend on the document (names, lengths, positions, scalar types) and throw INVALID_OP / TEXT_TOO_LONG, so an
 * {@code Op} that exists is well-formed. Whether it fits the document is checked by {@link BoardDoc#apply}.
 * JSON: {@link OpJson}.
 */
public sealed interface Op permits Op.Create, Op.Delete, Op.Move, Op.SetField, Op.TextEdit, Op.Noop {

    /** The node this op is about, or null for {@link Noop}. */
    String node();

    /** Creates node {@code node} of type {@code nodeType} in {@code parent}'s list {@code list} at {@code pos}. */
    record Create(String node, String nodeType, String parent, String list, String pos,
                  Map<String, Object> fields, Map<String, String> texts) implements Op {
        public Create {
            Limits.name("node", node);
            Limits.name("nodeType", nodeType);
            Limits.name("parent", parent);
            Limits.name("list", list);
            Limits.pos(pos);
            fields = scalars(fields);
            texts = texts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(texts));
            for (Map.Entry<String, String> t : texts.entrySet()) {
                Limits.name("text name", t.getKey());
                if (t.getValue() == null) {
                    throw Limits.invalid("Text '" + t.getKey() + "' must be a string.");
                }
                Limits.textLength(t.getKey(), t.getValue());
                TextOp.builder().insert(t.getValue()); // rejects unpaired surrogates
            }
        }

        public Create(String node, String nodeType, String parent, String list, String pos) {
            this(node, nodeType, parent, list, pos, Map.of(), Map.of());
        }
    }

    /** Removes {@code node} and its whole subtree. The root cannot be deleted. */
    record Delete(String node) implements Op {
        public Delete {
            Limits.name("node", node);
        }
    }

    /** Moves {@code node} (with its subtree) to {@code parent}'s list {@code list} at {@code pos}. */
    record Move(String node, String parent, String list, String pos) implements Op {
        public Move {
            Limits.name("node", node);
            Limits.name("parent", parent);
            Limits.name("list", list);
            Limits.pos(pos);
        }
    }

    /** Sets scalar field {@code field}; a null value clears it. The last sequenced set wins. */
    record SetField(String node, String field, Object value) implements Op {
        public SetField {
            Limits.name("node", node);
            Limits.name("field", field);
            value = Limits.scalar(field, value);
        }
    }

    /** Edits text field {@code field} (an absent field is ""). */
    record TextEdit(String node, String field, TextOp ops) implements Op {
        public TextEdit {
            Limits.name("node", node);
            Limits.name("field", field);
            if (ops == null) {
                throw Limits.invalid("A text op needs its ops.");
            }
        }
    }

    /** Does nothing: what an op becomes when a concurrent op removed its target. Still takes a revision. */
    record Noop() implements Op {
        public static final Noop INSTANCE = new Noop();

        @Override
        public String node() {
            return null;
        }
    }

    private static Map<String, Object> scalars(Map<String, Object> fields) {
        if (fields == null || fields.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            Limits.name("field", f.getKey());
            Object v = Limits.scalar(f.getKey(), f.getValue());
            if (v != null) { // null means "no value": not stored
                out.put(f.getKey(), v);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
