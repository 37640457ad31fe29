package org.deploypolicy.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' text exposition format (version 0.0.4), read line by line and checked as a scraper reads it: each
 * sample's metric name belongs to the family its {@code # TYPE} line declares (a histogram's {@code _bucket},
 * {@code _sum} and {@code _count}, a summary's {@code _sum} and {@code _count}, a counter's {@code _total}, and
 * {@code _created}), a family's lines stay together, label names and values are well formed, values are numbers
 * ({@code +Inf}, {@code -Inf}, {@code NaN} too), and a histogram's buckets count up to its {@code +Inf} bucket, which
 * is its {@code _count}.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) (" + NAME + ") (.*)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|Inf)|NaN");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its metric name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** The families declared ({@code # TYPE}), name to type. */
    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    /**
     * Reads a scrape.
     *
     * @throws AssertionError naming the line that breaks the format
     */
    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        if (!text.endsWith("\n")) {
            throw new AssertionError("the last line does not end with a line feed");
        }
        String family = null;
        Set<String> closed = new HashSet<>();
        Map<String, String> helps = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String at = "line " + (i + 1) + ": " + line;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher comment = COMMENT.matcher(line);
                if (!comment.matches()) {
                    continue; // any other comment is allowed
                }
                String name = comment.group(2);
                if (comment.group(1).equals("TYPE")) {
                    check(TYPES.contains(comment.group(3)), "unknown type", at);
                    check(!parsed.types.containsKey(name), "a second TYPE line for " + name, at);
                    check(helps.getOrDefault(name, name).equals(name), "HELP and TYPE name differ", at);
                    if (family != null) {
                        closed.add(family);
                    }
                    parsed.types.put(name, comment.group(3));
                    family = name;
                } else {
                    check(helps.put(name, name) == null, "a second HELP line for " + name, at);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            check(sample.matches(), "not a sample line", at);
            String name = sample.group(1);
            String owner = familyOf(name, parsed.types);
            check(owner != null, "no TYPE line declares the family of " + name, at);
            check(owner.equals(family) && !closed.contains(owner), "not among the lines of its family " + owner, at);
            Map<String, String> labels = sample.group(3) == null ? Map.of() : labels(sample.group(3), at);
            check(FLOAT.matcher(sample.group(4)).matches(), "the value is not a number", at);
            parsed.samples.add(new Sample(name, labels, Double.parseDouble(sample.group(4)
                    .replace("Inf", "Infinity"))));
        }
        parsed.checkHistograms();
        return parsed;
    }

    /** The family a sample belongs to, or null when none is declared. */
    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            String type = types.get(name);
            return type.equals("histogram") ? null : name;
        }
        for (Map.Entry<String, String> suffixes : Map.of("_bucket", "histogram", "_sum", "histogram summary",
                "_count", "histogram summary", "_total", "counter", "_created", "counter histogram summary").entrySet()) {
            String suffix = suffixes.getKey();
            if (!name.endsWith(suffix)) {
                continue;
            }
            String base = name.substring(0, name.length() - suffix.length());
            for (String family : suffix.equals("_created") ? List.of(base, base + "_total") : List.of(base)) {
                String type = types.get(family);
                if (type != null && List.of(suffixes.getValue().split(" ")).contains(type)) {
                    return family;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, String at) {
        Map<String, String> labels = new TreeMap<>();
        int position = 0;
        Matcher label = LABEL.matcher(text);
        while (position < text.length()) {
            check(label.find(position) && label.start() == position, "a label is not name=\"value\"", at);
            check(labels.put(label.group(1), label.group(2)) == null, "label " + label.group(1) + " twice", at);
            position = label.end();
            if (position < text.length()) {
                check(text.charAt(position) == ',', "labels are not separated by commas", at);
                position++;
            }
        }
        return labels;
    }

    /** Each histogram's buckets: counts that never fall, up to {@code +Inf}, equal to {@code _count}. */
    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> bySeries = new HashMap<>();
            for (Sample sample : samples) {
                if (sample.name().equals(family + "_bucket")) {
                    check(sample.labels().containsKey("le"), "a bucket without le", sample.toString());
                    Map<String, String> series = new TreeMap<>(sample.labels());
                    series.remove("le");
                    bySeries.computeIfAbsent(series, s -> new ArrayList<>()).add(sample);
                }
            }
            check(!bySeries.isEmpty(), "no buckets", family);
            bySeries.forEach((series, buckets) -> {
                double bound = Double.NEGATIVE_INFINITY;
                double count = 0;
                for (Sample bucket : buckets) {
                    String le = bucket.labels().get("le");
                    check(FLOAT.matcher(le).matches(), "le is not a number", bucket.toString());
                    double upper = Double.parseDouble(le.replace("Inf", "Infinity"));
                    check(upper > bound, "buckets not in increasing order of le", bucket.toString());
                    check(bucket.value() >= count, "a bucket counts less than the one before", bucket.toString());
                    bound = upper;
                    count = bucket.value();
                }
                check(bound == Double.POSITIVE_INFINITY, "no +Inf bucket", family + series);
                check(count == value(family + "_count", series), "the +Inf bucket is not the _count",
                        family + series);
            });
        });
    }

    /** The value of a sample, or 0 when there is none (a labelled counter not yet counted). */
    double value(String name, Map<String, String> labels) {
        List<Double> values = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .map(Sample::value).toList();
        check(values.size() <= 1, values.size() + " samples", name + labels);
        return values.isEmpty() ? 0 : values.get(0);
    }

    double value(String name) {
        return value(name, Map.of());
    }

    private static void check(boolean holds, String what, String where) {
        if (!holds) {
            throw new AssertionError("not Prometheus' text format: " + what + ": " + where);
        }
    }
}
