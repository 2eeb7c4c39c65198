package app.tandem.domain.template;

import app.tandem.cluster.Column;
import app.tandem.collab.BoardDoc;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.template.BoardTemplate.AnswerKind;
import app.tandem.domain.template.BoardTemplate.Question;
import app.tandem.domain.template.BoardTemplate.Section;
import java.util.List;
import java.util.Optional;

/**
 * A board as Markdown. A template board: every question of the template, in order, each with its answer (from
 * the template, not the document, so a question whose node is not there yet still appears, unanswered). A cycle
 * board: the four columns with their cards (title and notes). Everything users typed is escaped, so an answer
 * cannot turn into a heading, a list, a link or raw HTML; line breaks are kept.
 */
public final class MarkdownExport {
    public static final String NO_ANSWER = "_(no answer yet)_";

    private MarkdownExport() {
    }

    public static String render(BoardInfo board, BoardDoc doc) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(board.title())).append("\n\n");
        Optional<BoardTemplate> template = Templates.forType(board.type());
        if (template.isPresent()) {
            template(md, template.get(), doc);
        } else {
            cycle(md, doc);
        }
        return md.toString();
    }

    private static void template(StringBuilder md, BoardTemplate t, BoardDoc doc) {
        md.append("_").append(inline(t.name())).append(". ").append(inline(t.help())).append("_\n\n");
        for (Section s : t.sections()) {
            md.append("## ").append(inline(s.title())).append("\n\n");
            if (s.perPickOf() != null) {
                Section picks = t.section(s.perPickOf()).orElseThrow();
                List<Question> picked = t.picked(doc, picks);
                if (picked.isEmpty()) {
                    md.append("_No approach picked in ").append(inline(picks.title())).append(" yet._\n\n");
                    for (Question q : s.questions()) {
                        md.append("### ").append(inline(q.text())).append("\n\n").append(NO_ANSWER).append("\n\n");
                    }
                }
                for (Question item : picked) {
                    md.append("### ").append(inline(item.text())).append("\n\n");
                    for (Question q : s.questions()) {
                        String answer = doc.has(BoardTemplate.questionNode(item))
                                ? doc.text(BoardTemplate.questionNode(item), BoardTemplate.perPickField(q)) : "";
                        md.append("#### ").append(inline(q.text())).append("\n\n").append(block(answer)).append("\n\n");
                    }
                }
                continue;
            }
            for (Question q : s.questions()) {
                String node = BoardTemplate.questionNode(q);
                boolean has = doc.has(node);
                if (q.kind() == AnswerKind.PICK) {
                    boolean chosen = has && Boolean.TRUE.equals(doc.field(node, BoardTemplate.CHOSEN));
                    md.append("- [").append(chosen ? "x" : " ").append("] ").append(inline(q.text())).append("\n");
                    continue;
                }
                md.append("### ").append(inline(q.text())).append("\n\n");
                if (q.kind() == AnswerKind.CHOICE) {
                    Object v = has ? doc.field(node, BoardTemplate.ANSWER) : null;
                    md.append(v == null ? NO_ANSWER : inline(String.valueOf(v))).append("\n\n");
                } else {
                    md.append(block(has ? doc.text(node, BoardTemplate.ANSWER) : "")).append("\n\n");
                }
            }
            if (s.questions().stream().anyMatch(q -> q.kind() == AnswerKind.PICK)) {
                md.append("\n");
            }
        }
    }

    private static void cycle(StringBuilder md, BoardDoc doc) {
        for (Column c : Column.values()) {
            md.append("## ").append(c.label()).append("\n\n");
            List<String> cards = doc.children(BoardDoc.ROOT, c.name());
            if (cards.isEmpty()) {
                md.append("_(no cards)_\n\n");
            }
            for (String card : cards) {
                md.append("### ").append(inline(doc.text(card, "title"))).append("\n\n");
                String notes = doc.text(card, "text");
                if (!notes.isBlank()) {
                    md.append(block(notes)).append("\n\n");
                }
            }
        }
    }

    /** A multi-line answer: each line escaped, line breaks kept as hard breaks; blank lines separate paragraphs. */
    static String block(String text) {
        if (text == null || text.isBlank()) {
            return NO_ANSWER;
        }
        String[] lines = text.strip().split("\r\n|\r|\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (i > 0) {
                boolean paragraph = line.isEmpty() || lines[i - 1].isBlank();
                out.append(paragraph ? "\n" : "  \n");
            }
            out.append(inline(line));
        }
        return out.toString().replaceAll("\n{3,}", "\n\n");
    }

    /**
     * One line of user text, escaped: characters with inline meaning (emphasis, code, links, HTML, tables) always;
     * characters that only mean something at the start of a line (headings, lists, quotes) only there.
     */
    static String inline(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replace("\r", " ").replace("\n", " ");
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_[]<>|~".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        String escaped = out.toString();
        String lead = escaped.stripLeading();
        int indent = escaped.length() - lead.length();
        if (!lead.isEmpty() && ("#+-=".indexOf(lead.charAt(0)) >= 0)) {
            escaped = escaped.substring(0, indent) + "\\" + lead;
        } else if (lead.matches("\\d+[.)](\\s.*)?")) {
            int dot = lead.indexOf('.') >= 0 && (lead.indexOf(')') < 0 || lead.indexOf('.') < lead.indexOf(')'))
                    ? lead.indexOf('.') : lead.indexOf(')');
            escaped = escaped.substring(0, indent) + lead.substring(0, dot) + "\\" + lead.substring(dot);
        }
        // Leading spaces would make an indented code block.
        return escaped.stripLeading();
    }
}
