package app.tandem.ui;

import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The route an anonymous visitor wanted, carried through login and sign-up as the {@code next} query
 * parameter so they land where they were going (an invite link, a board).
 *
 * <p>Only in-app route paths are accepted: letters, digits, '-', '_' and '/' (our routes and ids never need
 * more). Anything else, such as {@code //evil.example} or {@code https://...}, is dropped, so the parameter cannot
 * be used to send people off-site.
 */
public final class ReturnTo {
    public static final String PARAM = "next";
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*");

    private ReturnTo() {
    }

    /** The query parameters that remember {@code location}; none for the home route or the auth pages. */
    public static QueryParameters remember(Location location) {
        return of(location.getPath());
    }

    public static QueryParameters of(String path) {
        String safe = sanitize(path);
        return safe.isEmpty() ? QueryParameters.empty() : QueryParameters.simple(Map.of(PARAM, safe));
    }

    /** The remembered route in {@code params}, or "" (the workspace list). */
    public static String from(QueryParameters params) {
        List<String> values = params.getParameters().getOrDefault(PARAM, List.of());
        return values.isEmpty() ? "" : sanitize(values.get(0));
    }

    static String sanitize(String path) {
        if (path == null || path.length() > 300 || !SAFE_PATH.matcher(path).matches()) {
            return "";
        }
        if (path.equals("login") || path.equals("signup") || path.startsWith("login/")
                || path.startsWith("signup/")) {
            return "";
        }
        return path;
    }
}
