package app.tandem.ui.board.template;

import app.tandem.domain.template.BoardTemplate;
import app.tandem.domain.template.Templates;
import java.util.ArrayList;
import java.util.List;

/** The board types a workspace can create, with the labels people see. */
public final class BoardTypes {
    private BoardTypes() {
    }

    /** Every creatable type, the cycle board first (the default). */
    public static List<String> all() {
        List<String> out = new ArrayList<>();
        out.add(Templates.CYCLE);
        Templates.ALL.forEach(t -> out.add(t.id()));
        return out;
    }

    public static String label(String type) {
        if (Templates.CYCLE.equals(type)) {
            return "Cycle board";
        }
        return Templates.forType(type).map(BoardTemplate::name).orElse(type);
    }
}
