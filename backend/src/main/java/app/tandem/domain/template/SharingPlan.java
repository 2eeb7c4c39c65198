package app.tandem.domain.template;

import app.tandem.domain.template.BoardTemplate.AnswerKind;
import app.tandem.domain.template.BoardTemplate.Question;
import app.tandem.domain.template.BoardTemplate.Section;
import java.util.List;

/**
 * The sharing plan: the four steps of "6.3 Indicators for planning appropriate sharing" in NFER 2007, <i>Study of
 * Creative Partnerships Local Sharing of Practice and Learning</i> (../shared/seeds/001_9fc3b783e593c7e0.txt
 * L3091-3183), in the report's wording; each approach shows what it "can provide" (L3193-3293) and what the report
 * found about how common it was and its impact (L20-90, via DOMAIN.md). Step 4 is answered once per approach
 * picked in Step 3. The arrangements section (participants, time released, cover, resources, barriers) is
 * Tandem's, from the cross-school logistics the reports name (002 L81-90; 003 L709-798).
 */
public final class SharingPlan {
    public static final String TYPE = "sharing-plan";
    public static final String CITATION = "NFER 2007, Study of Creative Partnerships Local Sharing of Practice and Learning";

    private SharingPlan() {
    }

    private static final String[] ORDINAL = {"", "most common", "2nd most common", "3rd most common",
        "4th most common", "5th most common", "6th most common", "7th most common", "8th most common",
        "least common"};
    private static int rank = 0;

    /** Notes: how often it was experienced (the study lists the nine in that order), its impact, what it can provide. */
    private static Question approach(String id, String text, String impact, String... canProvide) {
        rank++;
        List<String> notes = new java.util.ArrayList<>();
        notes.add("How often: the " + ORDINAL[rank] + " of the nine approaches in the study (L42-44)."
                + (impact.isEmpty() ? "" : " Impact: " + impact));
        for (String c : canProvide) {
            notes.add("Can provide: " + c);
        }
        return new Question(id, text, AnswerKind.PICK, List.of(), notes);
    }

    public static final Section STEP_1 = new Section("step1", "Step 1 Your aim", null, List.of(
            Question.text("aim-creativity", "Is the aim of sharing to promote creativity?"),
            Question.text("aim-cp", "Is the aim of sharing to promote Creative Partnerships?"),
            Question.text("aim-teacher-pd",
                    "What aspect of teacher professional development does it, or could it, address?"),
            Question.text("aim-school-dev", "What aspect of school development does it, or could it, address?"),
            Question.text("aim-widen", "Is the aim to ‘widen participation’ beyond CP-engaged schools?"),
            Question.text("aim-capacity", "Is the aim to build capacity within and between CP-engaged schools?")),
            null);

    public static final Section STEP_2 = new Section("step2", "Step 2 Your intended outcome", null, List.of(
            Question.text("out-information", "Do you want to convey new information?"),
            Question.text("out-materials", "Do you wish to share new materials?"),
            Question.text("out-celebrate", "Do you wish to celebrate success, share activities and pupil outcomes?"),
            Question.text("out-observe", "Do you want to observe or model activities?"),
            Question.text("out-understanding", "Do you want to share new understanding?"),
            Question.text("out-knowledge", "Do you want to pass on new knowledge?"),
            Question.text("out-confidence", "Are you hoping to build teachers’ confidence?"),
            Question.text("out-inspire", "Do you wish to inspire and motivate teachers?"),
            Question.text("out-values", "Would you like to change teachers’ and/or schools’ values?"),
            Question.text("out-practice", "Are you hoping teachers will change their classroom practice?")),
            null);

    public static final Section STEP_3 = new Section("step3", "Step 3 Select your approach",
            "Pick one or more. The approaches are listed from most to least common in the study.", List.of(
            approach("meeting", "A meeting?",
                    "Within-school meetings built capacity within school; between-school "
                            + "meetings tended to widen experience of CP.",
                    "a secure environment in which teachers can share",
                    "the chance to debate and reflect (for example, about the definition of creativity)",
                    "a forum to raise the profile of CP itself",
                    "encouragement for others to take risks, based on testaments of good experience",
                    "a chance to infiltrate discussion about creative learning and teaching into existing agendas",
                    "open sharing of experiences (especially during in-school meetings)",
                    "a chance to inspire colleagues and to give them confidence to be creative",
                    "awareness raising, information exchange, sharing ideas."),
            approach("conference", "A conference or big event?",
                    "",
                    "opportunities for conveying visual evidence of CP work (e.g. through IT media) that might "
                            + "otherwise be hard to describe",
                    "demonstrations of creative activities for teachers to observe or experience",
                    "informal sharing opportunities, providing support for those most challenged by risk taking",
                    "activity-based learning",
                    "resource sharing, supported by demonstrations and descriptions",
                    "a buzz – generating a feeling of being part of something important."),
            approach("observation", "An opportunity to observe and model activities?",
                    "Observations and modelling appeared to have the most potential to change practice through "
                            + "collaborative and supportive approaches over a period of dedicated time.",
                    "opportunities to observe or participate in creative teaching approaches that might be hard to "
                            + "describe without ‘doing’",
                    "chances to reflect on what has been observed",
                    "confidence to take creative risks",
                    "cascade sharing of the skills and expertise of creative practitioners",
                    "real-life situations, avoiding ‘It wouldn’t work with our kids’",
                    "collaborative approaches, dialogue and discovery."),
            approach("discussion", "Develop discussions or relationships?",
                    "Informal sharing, whilst somewhat intangible to measure, seemed an important stepping stone for "
                            + "teachers’ initial engagement with creative practice, and for continued reflection.",
                    "encouragement for enthusiasm",
                    "more familiar, less formal contexts (supporting greater risk taking)",
                    "immediacy, capitalising on recent successful experiences of creative teaching and learning."),
            approach("dissemination", "Dissemination of information or resources?",
                    "Information and resources were most effective when utilised alongside face-to-face interactions.",
                    "scope for describing projects, through DVDs, photographs etc.",
                    "practical resources to share after events have been observed."),
            approach("visit", "A school visit?",
                    "Sharing in a school context gave more convincing evidence of the practicability and success of "
                            + "CP activities; mostly facilitated by CP.",
                    "credibility for otherwise incredible ideas (seeing is believing)",
                    "chances to participate in creative activities in relevant contexts",
                    "opportunities to discuss, explore and understand the work observed."),
            approach("central", "CP central distribution: tell CP about it?",
                    "Schools told CP about their learning and CP passed it on to other schools.",
                    "economy of scale in sharing materials, examples and experiences",
                    "a two-way information flow between schools and CP."),
            approach("mentoring", "Mentoring?",
                    "More common within one school; particularly effective for new or inexperienced staff.",
                    "very focused and individualised sharing of experience and expertise, particularly for NQTs",
                    "support and confidence for greater risk taking."),
            approach("inset", "Formal INSET?",
                    "Planned workshops and training, usually for the whole school staff.",
                    "some opportunities for experiential learning, depending on the approach taken",
                    "reach to the whole-school staff.")),
            null);

    public static final Section STEP_4 = new Section("step4", "Step 4 Which approach will best provide...",
            "Answered for each approach you picked in Step 3.", List.of(
            Question.text("p-experience",
                    "an opportunity to experience the creative process/activity under consideration?"),
            Question.text("p-safe", "a safe environment to enable teachers to explore risk taking?"),
            Question.text("p-practise", "that chance to practise the technique with pupils?"),
            Question.text("p-reflect", "the opportunity to reflect on their own practice?"),
            Question.text("p-efficient", "the most efficient way of conveying information?"),
            Question.text("p-inspiration", "the inspiration to motivate teachers to take further risks?"),
            Question.text("p-smt", "the assurance to SMT that investment will support school development?"),
            Question.text("p-change", "the likelihood of resulting in changes in practice in the school?"),
            Question.text("p-ownership", "the ownership by schools and teachers of a creative learning agenda?"),
            Question.text("p-reach", "reach to other schools (beyond those already CP-engaged)?"),
            Question.text("p-within", "sharing within the school?"),
            Question.text("p-between", "sharing between engaged schools?")),
            "step3");

    public static final Section ARRANGEMENTS = new Section("arrangements", "Arrangements",
            "Who takes part and what makes it possible across schools.", List.of(
            Question.text("participants", "Participants"),
            Question.text("time-released", "Time released"),
            Question.text("cover", "Cover"),
            Question.text("resources", "Resources"),
            Question.text("resources-provider", "Who provides the resources"),
            Question.text("barriers", "Barriers addressed")),
            null);

    public static final BoardTemplate TEMPLATE = new BoardTemplate(TYPE, "Sharing plan",
            "The four steps and their questions are the discussion points of section 6.3, “Indicators for planning "
                    + "appropriate sharing”, and the benefits each approach “can provide”, in " + CITATION
                    + " (Creative Partnerships, NFER). Work through your aim and intended outcome, pick the "
                    + "approaches that fit, and ask of each which will best provide what you need.",
            List.of(STEP_1, STEP_2, STEP_3, STEP_4, ARRANGEMENTS));
}
