package app.tandem.domain.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.domain.template.BoardTemplate.AnswerKind;
import app.tandem.domain.template.BoardTemplate.Question;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sharing plan against the report (001 L3091-3293): its steps, question counts and wording. */
class SharingPlanTemplateTest {
    private final BoardTemplate t = SharingPlan.TEMPLATE;

    @Test
    void stepsHaveTheReportsQuestionCounts() {
        assertEquals(List.of("Step 1 Your aim", "Step 2 Your intended outcome", "Step 3 Select your approach",
                "Step 4 Which approach will best provide...", "Arrangements"),
                t.sections().stream().map(BoardTemplate.Section::title).toList());
        assertEquals(6, SharingPlan.STEP_1.questions().size());
        assertEquals(10, SharingPlan.STEP_2.questions().size());
        assertEquals(9, SharingPlan.STEP_3.questions().size());
        assertEquals(12, SharingPlan.STEP_4.questions().size());
        assertEquals("step3", SharingPlan.STEP_4.perPickOf());
        assertEquals(6, SharingPlan.ARRANGEMENTS.questions().size());
        assertTrue(SharingPlan.STEP_3.questions().stream().allMatch(q -> q.kind() == AnswerKind.PICK));
        assertTrue(SharingPlan.STEP_1.questions().stream().allMatch(q -> q.kind() == AnswerKind.TEXT));
    }

    @Test
    void questionsUseTheSeedsWording() {
        // First and last of every step, as the report prints them (line breaks and hyphenation undone).
        assertEquals("Is the aim of sharing to promote creativity?", SharingPlan.STEP_1.questions().getFirst().text());
        assertEquals("Is the aim to build capacity within and between CP-engaged schools?",
                SharingPlan.STEP_1.questions().getLast().text());
        assertEquals("Do you wish to celebrate success, share activities and pupil outcomes?",
                SharingPlan.STEP_2.questions().get(2).text());
        assertEquals("Are you hoping teachers will change their classroom practice?",
                SharingPlan.STEP_2.questions().getLast().text());
        assertEquals(List.of("A meeting?", "A conference or big event?",
                        "An opportunity to observe and model activities?", "Develop discussions or relationships?",
                        "Dissemination of information or resources?", "A school visit?",
                        "CP central distribution: tell CP about it?", "Mentoring?", "Formal INSET?"),
                SharingPlan.STEP_3.questions().stream().map(Question::text).toList());
        assertEquals("an opportunity to experience the creative process/activity under consideration?",
                SharingPlan.STEP_4.questions().getFirst().text());
        assertEquals("the assurance to SMT that investment will support school development?",
                SharingPlan.STEP_4.questions().get(6).text());
        assertEquals("sharing between engaged schools?", SharingPlan.STEP_4.questions().getLast().text());
        assertTrue(t.help().contains("NFER 2007, Study of Creative Partnerships Local Sharing of Practice and Learning"));
    }

    @Test
    void everyApproachShowsFrequencyAndWhatItCanProvide() {
        Question meeting = SharingPlan.STEP_3.questions().getFirst();
        assertTrue(meeting.notes().getFirst().contains("most common"));
        assertEquals(1 + 8, meeting.notes().size()); // frequency/impact + the eight "can provide" bullets
        assertTrue(meeting.notes().contains("Can provide: a secure environment in which teachers can share"));
        Question observation = SharingPlan.STEP_3.questions().get(2);
        assertTrue(observation.notes().getFirst().contains("the most potential to change practice"));
        Question dissemination = SharingPlan.STEP_3.questions().get(4);
        assertTrue(dissemination.notes().getFirst().contains("alongside face-to-face interactions"));
        assertTrue(SharingPlan.STEP_3.questions().getLast().notes().getFirst().contains("least common"));
        for (Question q : SharingPlan.STEP_3.questions()) {
            assertTrue(q.notes().size() >= 3, q.text());
        }
    }

    @Test
    void seedOpsBuildEveryNodeOnceWithUniqueIds() {
        List<Op.Create> ops = t.seedOps();
        assertEquals(t.sections().size() + t.questions().size(), ops.size());
        Set<String> ids = new HashSet<>();
        ops.forEach(op -> assertTrue(ids.add(op.node()), op.node()));
        BoardDoc doc = new BoardDoc();
        assertFalse(t.isSeeded(doc));
        for (Op.Create op : ops) {
            doc.apply(OpJson.parse(OpJson.write(op))); // through the wire format, as the engine sees them
        }
        assertTrue(t.isSeeded(doc));
        assertEquals(t.sections().stream().map(BoardTemplate::sectionNode).toList(),
                doc.children(BoardDoc.ROOT, BoardTemplate.SECTIONS));
        assertEquals(SharingPlan.STEP_2.questions().stream().map(BoardTemplate::questionNode).toList(),
                doc.children(BoardTemplate.sectionNode(SharingPlan.STEP_2), BoardTemplate.QUESTIONS));
        // A second create of the same id is invalid: the document never holds a question twice.
        assertNotNull(assertThrowsTandem(() -> doc.check(ops.get(3))));
        assertNull(Templates.forType("cycle").orElse(null));
        assertEquals(t, Templates.forType("sharing-plan").orElseThrow());
    }

    private static Exception assertThrowsTandem(Runnable r) {
        return org.junit.jupiter.api.Assertions.assertThrows(app.tandem.TandemException.class, r::run);
    }
}
