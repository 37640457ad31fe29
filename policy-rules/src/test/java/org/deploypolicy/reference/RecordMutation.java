package org.deploypolicy.reference;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deploypolicy.Approval;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Verdict;
import org.deploypolicy.Waiver;

/**
 * One change to a valid request built in Java, made through the records' public constructors: a null where a
 * value is required, a null inside a list or map, a list past the limits, a long or awkward string, an edge
 * time or number, a second verdict from the same person. Fields are named by their JSON-like path
 * ({@code change.labels}, {@code approvals[0].by}); a path the request does not have (a rollback has no
 * {@code change}) leaves it as it is. Building the mutated request is part of what is tested: a constructor
 * must not throw for any of these either.
 */
sealed interface RecordMutation {
    /** Every component path of either kind of request, for nulls. */
    List<String> FIELDS = List.of("id", "at", "source", "target", "requester", "requester.id", "requester.roles",
            "change", "change.summary", "change.type", "change.severity", "change.author", "change.headCommit",
            "change.branchedFrom", "change.labels", "approvals", "reviews", "checks", "checklist",
            "checklist.securityScanCompleted", "checklist.criticalVulnerabilities", "waivers", "incident",
            "incident.type", "incident.apiErrorRate", "incident.summary", "approvals[0]", "approvals[0].by",
            "approvals[0].role", "approvals[0].verdict", "approvals[0].commit", "approvals[0].channel",
            "approvals[0].reference", "approvals[0].at", "waivers[0].rule", "waivers[0].subject", "waivers[0].by",
            "waivers[0].reason");
    /** Every string a request holds (plain or optional). */
    List<String> STRINGS = List.of("id", "source", "target", "requester.id", "requester.roles[0]", "change.summary",
            "change.author", "change.headCommit", "change.branchedFrom", "change.labels[0]", "approvals[0].by",
            "approvals[0].role", "approvals[0].commit", "approvals[0].reference", "incident.summary",
            "waivers[0].rule", "waivers[0].reason");
    /** Every list a request holds. */
    List<String> LISTS = List.of("approvals", "waivers", "requester.roles", "change.labels");
    /** The times a request holds. */
    List<String> TIMES = List.of("at", "approvals[0].at", "approvals[1].at");

    PolicyRequest apply(PolicyRequest request);

    /** A null in a component: required ones must be named, optional ones read as absent. */
    record Null(String path) implements RecordMutation {
        @Override
        public PolicyRequest apply(PolicyRequest request) {
            return edit(request, path, (old, type) -> type instanceof Class<?> c && c.isPrimitive() ? old : null);
        }
    }

    /** A null inside a list, at any place in it. */
    record NullInList(String path, int position) implements RecordMutation {
        @Override
        public PolicyRequest apply(PolicyRequest request) {
            return edit(request, path, (old, type) -> {
                List<Object> list = new ArrayList<>((List<?>) old);
                list.add(Math.floorMod(position, list.size() + 1), null);
                return list;
            });
        }
    }

    /** A null check name or a null status in the checks map. */
    record NullInChecks(boolean name) implements RecordMutation {
        @Override
        @SuppressWarnings("unchecked")
        public PolicyRequest apply(PolicyRequest request) {
            return edit(request, "checks", (old, type) -> {
                Map<String, CheckStatus> checks = new LinkedHashMap<>((Map<String, CheckStatus>) old);
                checks.put(name ? null : "api-tests", name ? CheckStatus.PASSED : null);
                return checks;
            });
        }
    }

    /** A list, or the checks, grown to a size around and past the 1,000 limit. */
    record LongList(String path, int size) implements RecordMutation {
        @Override
        @SuppressWarnings("unchecked")
        public PolicyRequest apply(PolicyRequest request) {
            if (path.equals("checks")) {
                return edit(request, path, (old, type) -> {
                    Map<String, CheckStatus> checks = new LinkedHashMap<>((Map<String, CheckStatus>) old);
                    for (int i = checks.size(); i < size; i++) {
                        checks.put("check-" + i, CheckStatus.PASSED);
                    }
                    return checks;
                });
            }
            return edit(request, path, (old, type) -> {
                List<Object> list = new ArrayList<>((List<?>) old);
                Object item = list.isEmpty() ? template(path, request) : list.get(list.size() - 1);
                while (list.size() < size) {
                    list.add(item);
                }
                return list;
            });
        }

        private static Object template(String path, PolicyRequest request) {
            return switch (path) {
                case "approvals" -> new Approval("selam", "TECH_LEAD", Verdict.APPROVED, Optional.of("9f2c1e7"),
                        null, null, null);
                case "waivers" -> new Waiver("window.friday", null, "selam", "a reason");
                case "requester.roles" -> "DEVELOPER";
                default -> "label";
            };
        }
    }

    /** A string replaced by a long one, or one with control and other awkward characters in it. */
    record Text(String path, int length, JsonMutation.LongString.Fill fill, JsonMutation.Awkward.Chars chars,
                JsonMutation.Awkward.Where where) implements RecordMutation {
        @Override
        public PolicyRequest apply(PolicyRequest request) {
            String text = new JsonMutation.LongString(0, length, fill).text();
            return edit(request, path, (old, type) -> {
                String plain = old instanceof Optional<?> o ? o.map(String::valueOf).orElse("") : (String) old;
                String value = switch (where) {
                    case BEFORE -> chars.text + plain + text;
                    case AFTER -> plain + text + chars.text;
                    case INSTEAD -> text + chars.text;
                };
                return isOptional(type) ? Optional.of(value) : value;
            });
        }
    }

    /** A time at an edge of the calendar or of what {@link OffsetDateTime} can hold. */
    record Time(String path, Value value) implements RecordMutation {
        enum Value {
            MAX(OffsetDateTime.MAX), MIN(OffsetDateTime.MIN),
            YEAR_END(OffsetDateTime.parse("2026-12-31T23:59:59.999999999+03:00")),
            NEW_YEAR_FAR_EAST(OffsetDateTime.parse("2027-01-01T00:00:00+14:00")),
            LEAP_DAY(OffsetDateTime.parse("2028-02-29T23:30:00-12:00")),
            YEAR_9999_FAR_WEST(OffsetDateTime.parse("9999-12-31T23:59:59.999999999-18:00")),
            YEAR_1_FAR_EAST(OffsetDateTime.parse("0001-01-01T00:00:00+18:00")),
            LAST_YEAR_JAVA_KNOWS(OffsetDateTime.of(999_999_999, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC)),
            FIRST_YEAR_JAVA_KNOWS(OffsetDateTime.of(-999_999_999, 1, 1, 1, 0, 0, 0, ZoneOffset.UTC)),
            EPOCH(OffsetDateTime.parse("1970-01-01T00:00:00Z"));

            final OffsetDateTime time;

            Value(OffsetDateTime time) {
                this.time = time;
            }
        }

        @Override
        public PolicyRequest apply(PolicyRequest request) {
            return edit(request, path, (old, type) -> Optional.of(value.time));
        }
    }

    /** A count or rate at or past its range. */
    record OutOfRange(String path, double value) implements RecordMutation {
        @Override
        public PolicyRequest apply(PolicyRequest request) {
            return edit(request, path, (old, type) -> {
                if (type == int.class) {
                    return (int) value;
                }
                if (type == OptionalInt.class) {
                    return OptionalInt.of((int) value);
                }
                return type == OptionalDouble.class ? OptionalDouble.of(value) : old;
            });
        }
    }

    /** A second verdict from the same person in the same role: the same again or the opposite. */
    record TwinApproval(int index, boolean opposite, boolean later) implements RecordMutation {
        @Override
        @SuppressWarnings("unchecked")
        public PolicyRequest apply(PolicyRequest request) {
            return edit(request, "approvals", (old, type) -> {
                List<Approval> approvals = new ArrayList<>((List<Approval>) old);
                Approval original = approvals.isEmpty() || approvals.get(Math.floorMod(index, approvals.size())) == null
                        ? (Approval) LongList.template("approvals", request)
                        : approvals.get(Math.floorMod(index, approvals.size()));
                Verdict verdict = opposite == (original.verdict() == Verdict.APPROVED) ? Verdict.REJECTED
                        : Verdict.APPROVED;
                Optional<OffsetDateTime> at = later ? Optional.of(OffsetDateTime.parse("2099-01-01T00:00:00Z"))
                        : original.at();
                approvals.add(Math.floorMod(index, approvals.size() + 1), new Approval(original.by(), original.role(),
                        verdict, original.commit(), original.channel(), original.reference(), at));
                return approvals;
            });
        }
    }

    private static boolean isOptional(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == Optional.class;
    }

    /**
     * The request with the value at {@code path} replaced by what {@code edit} makes of it (given the current
     * value and the component's type), or the request as it is when it has no such path.
     */
    private static PolicyRequest edit(PolicyRequest request, String path, BiFunction<Object, Type, Object> edit) {
        return (PolicyRequest) edit(request, Arrays.asList(path.split("\\.")), edit);
    }

    private static Object edit(Object node, List<String> segments, BiFunction<Object, Type, Object> edit) {
        if (node == null || !node.getClass().isRecord()) {
            return node;
        }
        Matcher segment = Pattern.compile("(\\w+)(?:\\[(\\d+)])?").matcher(segments.get(0));
        if (!segment.matches()) {
            throw new IllegalArgumentException(segments.get(0));
        }
        RecordComponent[] components = node.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        int found = -1;
        for (int i = 0; i < components.length; i++) {
            values[i] = read(components[i], node);
            if (components[i].getName().equals(segment.group(1))) {
                found = i;
            }
        }
        if (found < 0) {
            return node;
        }
        List<String> rest = segments.subList(1, segments.size());
        Object value = values[found];
        if (segment.group(2) != null) {
            int index = Integer.parseInt(segment.group(2));
            if (!(value instanceof List<?> list) || index >= list.size()) {
                return node;
            }
            List<Object> copy = new ArrayList<>(list);
            Type element = ((ParameterizedType) components[found].getGenericType()).getActualTypeArguments()[0];
            copy.set(index, rest.isEmpty() ? edit.apply(copy.get(index), element) : edit(copy.get(index), rest, edit));
            values[found] = copy;
        } else if (rest.isEmpty()) {
            values[found] = edit.apply(value, components[found].getGenericType());
        } else {
            values[found] = edit(value, rest, edit);
        }
        return construct(node.getClass(), components, values);
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls the canonical constructor; what it throws is thrown as it is, for the property to judge. */
    private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
