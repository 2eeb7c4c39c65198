package app.tandem.domain.template;

import app.tandem.collab.BoardDoc;
import app.tandem.collab.FractionalIndex;
import app.tandem.collab.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A board type built from a research instrument: sections of questions in the report's own wording. The board
 * document holds one node per section and per question, with <b>deterministic ids</b> ({@link #sectionNode},
 * {@link #questionNode}), so seeding the nodes twice (two people opening a new board at once) cannot duplicate
 * anything: a second create of the same id is deduplicated or rejected by the sequencer (see {@link TemplateSeeder}).
 *
 * <p>Document layout: the root's list {@value #SECTIONS} holds the sections (type {@value #SECTION_TYPE}); each
 * section's list {@value #QUESTIONS} holds its questions (type {@value #QUESTION_TYPE}). A question's answer is:
 * <ul>
 *   <li>{@link AnswerKind#TEXT}: the question node's collaborative text {@value #ANSWER};</li>
 *   <li>{@link AnswerKind#CHOICE}: the question node's scalar field {@value #ANSWER} (one of the options);</li>
 *   <li>{@link AnswerKind#PICK}: the question node's boolean field {@value #CHOSEN} (pick one or more);</li>
 *   <li>in a section answered per pick of another section ({@link Section#perPickOf}): the collaborative text
 *       named {@link #perPickField} on each picked node, so no node has to be created when someone picks.</li>
 * </ul>
 */
public record BoardTemplate(String id, String name, String help, List<Section> sections) {
    public static final String SECTIONS = "sections";
    public static final String QUESTIONS = "questions";
    public static final String SECTION_TYPE = "section";
    public static final String QUESTION_TYPE = "question";
    public static final String ANSWER = "answer";
    public static final String CHOSEN = "chosen";

    public BoardTemplate {
        sections = List.copyOf(sections);
    }

    /** How a question is answered. */
    public enum AnswerKind {
        TEXT, CHOICE, PICK
    }

    /**
     * One question. {@code notes}: shown with the question (for an approach: what it "can provide"); {@code options}:
     * the list a CHOICE answer is picked from.
     */
    public record Question(String id, String text, AnswerKind kind, List<String> options, List<String> notes) {
        public Question {
            options = List.copyOf(options);
            notes = List.copyOf(notes);
        }

        public static Question text(String id, String text) {
            return new Question(id, text, AnswerKind.TEXT, List.of(), List.of());
        }
    }

    /**
     * A section (a step of the instrument). {@code perPickOf}: the id of a section of PICK questions; this
     * section's questions are then answered once per picked item (null: answered once).
     */
    public record Section(String id, String title, String intro, List<Question> questions, String perPickOf) {
        public Section {
            questions = List.copyOf(questions);
        }
    }

    public static String sectionNode(Section s) {
        return "s-" + s.id();
    }

    public static String questionNode(Question q) {
        return "q-" + q.id();
    }

    /** The text field on a picked node that holds the answer to {@code q} of a per-pick section. */
    public static String perPickField(Question q) {
        return "a-" + q.id();
    }

    public Optional<Section> section(String sectionId) {
        return sections.stream().filter(s -> s.id().equals(sectionId)).findFirst();
    }

    public List<Question> questions() {
        return sections.stream().flatMap(s -> s.questions().stream()).toList();
    }

    /**
     * The create ops that build this template's nodes, in order (every parent before its children), with fixed
     * positions: every replica and every seeder computes exactly the same ops.
     */
    public List<Op.Create> seedOps() {
        List<Op.Create> out = new ArrayList<>();
        String sectionPos = null;
        for (Section s : sections) {
            sectionPos = sectionPos == null ? FractionalIndex.first() : FractionalIndex.after(sectionPos);
            out.add(new Op.Create(sectionNode(s), SECTION_TYPE, BoardDoc.ROOT, SECTIONS, sectionPos,
                    Map.of("section", s.id()), Map.of()));
            String questionPos = null;
            for (Question q : s.questions()) {
                questionPos = questionPos == null ? FractionalIndex.first() : FractionalIndex.after(questionPos);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("question", q.id());
                fields.put("kind", q.kind().name().toLowerCase());
                out.add(new Op.Create(questionNode(q), QUESTION_TYPE, sectionNode(s), QUESTIONS, questionPos,
                        fields, Map.of()));
            }
        }
        return out;
    }

    /** Whether {@code doc} holds every node of this template. */
    public boolean isSeeded(BoardDoc doc) {
        return seedOps().stream().allMatch(c -> doc.has(c.node()));
    }

    /** The picked items of a PICK section, in template order. */
    public List<Question> picked(BoardDoc doc, Section pickSection) {
        return pickSection.questions().stream()
                .filter(q -> doc.has(questionNode(q)) && Boolean.TRUE.equals(doc.field(questionNode(q), CHOSEN)))
                .toList();
    }
}
