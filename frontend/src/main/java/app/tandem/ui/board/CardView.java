package app.tandem.ui.board;

import app.tandem.cluster.Column;
import app.tandem.cluster.presence.Presence;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One card as the browser shows it: {@code div.card[data-card-id]} with {@code .card-title} and {@code .card-text}
 * (the end-to-end tests rely on these names). Text is set as text, never as HTML. Editors get buttons to edit,
 * move between columns and within the column, and delete; observers get none.
 */
final class CardView extends Div {
    /** What a card's buttons ask the board to do; the board turns it into a change and sends it. */
    interface Actions {
        void edit(String card);

        void moveToColumn(String card, Column target);

        void moveWithin(String card, Column column, int delta);

        void delete(String card);
    }

    CardView(String card, String titleText, String notes, Column column, int index, int count, boolean editable,
             Actions actions) {
        addClassNames("card", LumoUtility.Background.BASE, LumoUtility.BorderRadius.MEDIUM,
                LumoUtility.Padding.SMALL, LumoUtility.BoxShadow.XSMALL);
        getElement().setAttribute("data-card-id", card);
        getStyle().set("border", "1px solid var(--lumo-contrast-10pct)");

        Div title = new Div(titleText);
        title.addClassNames("card-title", LumoUtility.FontWeight.SEMIBOLD);
        title.getStyle().set("overflow-wrap", "anywhere");
        Div text = new Div(notes);
        text.addClassNames("card-text", LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        text.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        add(title, text);
        if (!editable) {
            return;
        }
        Column[] columns = Column.values();
        int col = column.ordinal();
        String name = "“" + titleText + "”";

        Button edit = button(VaadinIcon.EDIT, "card-edit", "Edit " + name, () -> actions.edit(card));
        Button left = button(VaadinIcon.ARROW_LEFT, "card-left",
                col > 0 ? "Move " + name + " to " + columns[col - 1].label() : "Move left",
                () -> actions.moveToColumn(card, columns[col - 1]));
        left.setEnabled(col > 0);
        Button up = button(VaadinIcon.ARROW_UP, "card-up", "Move " + name + " up", () -> actions.moveWithin(card, column, -1));
        up.setEnabled(index > 0);
        Button down = button(VaadinIcon.ARROW_DOWN, "card-down", "Move " + name + " down",
                () -> actions.moveWithin(card, column, +1));
        down.setEnabled(index < count - 1);
        Button right = button(VaadinIcon.ARROW_RIGHT, "card-right",
                col < columns.length - 1 ? "Move " + name + " to " + columns[col + 1].label() : "Move right",
                () -> actions.moveToColumn(card, columns[col + 1]));
        right.setEnabled(col < columns.length - 1);
        Button delete = button(VaadinIcon.TRASH, "card-delete", "Delete " + name, () -> actions.delete(card));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);

        HorizontalLayout controls = new HorizontalLayout(edit, left, up, down, right, delete);
        controls.addClassName("card-controls");
        controls.setSpacing(false);
        controls.setWrap(true);
        add(controls);
    }

    /**
     * Marks the card as being edited by {@code editors} (field highlight): a border in the first one's colour and
     * their names, so two people notice they are on the same card.
     */
    void showEditors(List<Presence> editors) {
        if (editors.isEmpty()) {
            return;
        }
        getStyle().set("border", "2px solid " + editors.getFirst().colour());
        Div who = new Div(editors.stream().map(p -> p.name() == null ? "?" : p.name()).distinct()
                .collect(Collectors.joining(", ")) + " editing");
        who.addClassNames("card-editors", LumoUtility.FontSize.XSMALL);
        who.getStyle().set("color", editors.getFirst().colour());
        addComponentAsFirst(who);
    }

    private static Button button(VaadinIcon icon, String className, String ariaLabel, Runnable action) {
        Button b = new Button(icon.create(), e -> action.run());
        b.addClassName(className);
        b.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        b.setAriaLabel(ariaLabel);
        b.setTooltipText(ariaLabel);
        return b;
    }
}
