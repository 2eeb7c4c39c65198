package app.tandem.domain.template;

import java.util.List;
import java.util.Optional;

/** The board types built from templates (the cycle board is not one: it is drawn by its own view). */
public final class Templates {
    public static final String CYCLE = "cycle";
    public static final List<BoardTemplate> ALL = List.of(SharingPlan.TEMPLATE);

    private Templates() {
    }

    public static Optional<BoardTemplate> forType(String type) {
        return ALL.stream().filter(t -> t.id().equals(type)).findFirst();
    }
}
