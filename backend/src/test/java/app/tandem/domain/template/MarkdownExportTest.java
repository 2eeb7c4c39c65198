package app.tandem.domain.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.collab.BoardDoc;
import app.tandem.collab.FractionalIndex;
import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.template.BoardTemplate.Question;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MarkdownExportTest {
    private static BoardInfo board(String title, String type) {
        return new BoardInfo(UUID.randomUUID(), UUID.randomUUID(), title, type, Instant.now());
    }

    static void answer(BoardDoc doc, String node, String field, String text) {
        doc.apply(new Op.TextEdit(node, field, TextOp.builder().insert(text).build()));
    }

    @Test
    void sharingPlanHasEveryQuestionWithItsAnswerInOrder() {
        BoardTemplate t = SharingPlan.TEMPLATE;
        BoardDoc doc = new BoardDoc();
        t.seedOps().forEach(doc::apply);
        Question first = SharingPlan.STEP_1.questions().getFirst();
        answer(doc, BoardTemplate.questionNode(first), BoardTemplate.ANSWER, "Yes: creative writing across KS2");
        Question visit = SharingPlan.STEP_3.questions().get(5);
        doc.apply(new Op.SetField(BoardTemplate.questionNode(visit), BoardTemplate.CHOSEN, true));
        Question safe = SharingPlan.STEP_4.questions().get(1);
        answer(doc, BoardTemplate.questionNode(visit), BoardTemplate.perPickField(safe), "Seeing it in a real class");

        String md = MarkdownExport.render(board("Our plan", "sharing-plan"), doc);
        assertTrue(md.startsWith("# Our plan\n"));
        assertTrue(md.contains(SharingPlan.CITATION));
        int at = 0;
        for (var s : t.sections()) {
            at = after(md, "## " + s.title(), at);
            if (s.perPickOf() != null) {
                at = after(md, "### " + visit.text(), at);
            }
            for (Question q : s.questions()) {
                at = after(md, q.text(), at);
                if (q == first) {
                    at = after(md, "Yes: creative writing across KS2", at);
                }
                if (q == safe) {
                    at = after(md, "Seeing it in a real class", at);
                }
            }
        }
        assertTrue(md.contains("- [x] A school visit?"));
        assertTrue(md.contains("- [ ] A meeting?"));
        // Step 4 is answered for the picked approach only.
        assertFalse(md.contains("### A meeting?"));
    }

    @Test
    void step4StillListsItsQuestionsWhenNothingIsPicked() {
        BoardDoc doc = new BoardDoc(); // not even seeded yet: the template still lists everything
        String md = MarkdownExport.render(board("Empty", "sharing-plan"), doc);
        for (Question q : SharingPlan.TEMPLATE.questions()) {
            assertTrue(md.contains(q.text()), q.text());
        }
    }

    @Test
    void cycleBoardHasColumnsAndCards() {
        BoardDoc doc = new BoardDoc();
        doc.apply(new Op.Create("c1", "card", BoardDoc.ROOT, "PLAN", FractionalIndex.first(), Map.of(),
                Map.of("title", "Paired reading", "text", "Week 1: choose books\nWeek 2: swap")));
        doc.apply(new Op.Create("c2", "card", BoardDoc.ROOT, "REVIEW", FractionalIndex.first(), Map.of(),
                Map.of("title", "# not a heading *really*")));
        String md = MarkdownExport.render(board("Cycle", "cycle"), doc);
        int at = after(md, "## Plan", 0);
        at = after(md, "### Paired reading", at);
        at = after(md, "Week 1: choose books  \nWeek 2: swap", at);
        at = after(md, "## Try", at);
        at = after(md, "## Review", at);
        at = after(md, "### \\# not a heading \\*really\\*", at);
        after(md, "## Share", at);
    }

    @Test
    void userTextIsEscaped() {
        assertEquals("\\# Title", MarkdownExport.inline("# Title"));
        assertEquals("\\- item", MarkdownExport.inline("- item"));
        assertEquals("1\\. first", MarkdownExport.inline("1. first"));
        assertEquals("a \\*b\\* \\_c\\_ \\[link\\](x) \\<script\\>", MarkdownExport.inline("a *b* _c_ [link](x) <script>"));
        assertEquals("two  \nlines\n\nnew paragraph", MarkdownExport.block("two\nlines\n\nnew paragraph"));
        assertEquals(MarkdownExport.NO_ANSWER, MarkdownExport.block("  "));
        assertEquals("CP-engaged schools?", MarkdownExport.inline("CP-engaged schools?"));
    }

    private static int after(String md, String needle, int from) {
        int i = md.indexOf(needle, from);
        assertTrue(i >= 0, () -> "missing after " + from + ": " + needle + "\n" + md);
        return i + needle.length();
    }
}
