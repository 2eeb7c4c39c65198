package app.tandem.cluster;

/** One card on a cycle board. {@code position} orders cards within a column (ascending). */
public record Card(String id, Column column, String title, String text, double position) {
}
