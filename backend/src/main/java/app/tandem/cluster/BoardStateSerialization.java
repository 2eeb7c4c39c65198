package app.tandem.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Arrays;

/**
 * Hazelcast Compact serializers for the board map's values. Explicit serializers (rather than Java serialization)
 * keep the contract records untouched, store a schema once per type instead of class names per entry, and let
 * a rolling upgrade add fields. Every member registers them through {@link ClusterNode}.
 */
final class BoardStateSerialization {
    private BoardStateSerialization() {
    }

    static void register(Config config) {
        config.getSerializationConfig().getCompactSerializationConfig()
                .addSerializer(new CardSerializer())
                .addSerializer(new StateSerializer());
    }

    static final class CardSerializer implements CompactSerializer<Card> {
        @Override
        public Card read(CompactReader in) {
            return new Card(in.readString("id"), Column.valueOf(in.readString("column")), in.readString("title"),
                    in.readString("text"), in.readFloat64("position"));
        }

        @Override
        public void write(CompactWriter out, Card card) {
            out.writeString("id", card.id());
            out.writeString("column", card.column().name());
            out.writeString("title", card.title());
            out.writeString("text", card.text());
            out.writeFloat64("position", card.position());
        }

        @Override
        public String getTypeName() {
            return "tandem.Card";
        }

        @Override
        public Class<Card> getCompactClass() {
            return Card.class;
        }
    }

    static final class StateSerializer implements CompactSerializer<BoardState> {
        @Override
        public BoardState read(CompactReader in) {
            return new BoardState(in.readInt64("version"), Arrays.asList(in.readArrayOfCompact("cards", Card.class)));
        }

        @Override
        public void write(CompactWriter out, BoardState state) {
            out.writeInt64("version", state.version());
            out.writeArrayOfCompact("cards", state.cards().toArray(new Card[0]));
        }

        @Override
        public String getTypeName() {
            return "tandem.BoardState";
        }

        @Override
        public Class<BoardState> getCompactClass() {
            return BoardState.class;
        }
    }
}
