package app.tandem.tools;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of the launcher's tool commands. Problems are {@link IllegalArgumentException}s. */
final class Cli {
    private final Map<String, String> values = new HashMap<>();

    Cli(String[] args, Set<String> known) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("Unexpected argument '" + a + "'.");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option --" + name + " needs a value.");
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + ".");
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("Option --" + name + " given twice.");
            }
        }
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Option --" + name + " is required.");
        }
        return v;
    }

    String optional(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int positiveInt(String name) {
        try {
            int v = Integer.parseInt(required(name));
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --" + name + " must be a whole number >= 1.");
        }
    }

    double positiveNumber(String name) {
        try {
            double v = Double.parseDouble(required(name));
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --" + name + " must be a number > 0.");
        }
    }
}
