package app.tandem.cluster;

/** The joint practice development cycle a board starts with. */
public enum Column {
    PLAN("Plan"), TRY("Try"), REVIEW("Review"), SHARE("Share");

    private final String label;

    Column(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
