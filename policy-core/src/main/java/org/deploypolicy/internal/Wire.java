package org.deploypolicy.internal;

import static org.deploypolicy.internal.Wire.Scalar.BOOLEAN;
import static org.deploypolicy.internal.Wire.Scalar.INTEGER;
import static org.deploypolicy.internal.Wire.Scalar.NAME;
import static org.deploypolicy.internal.Wire.Scalar.NUMBER;
import static org.deploypolicy.internal.Wire.Scalar.ROLE;
import static org.deploypolicy.internal.Wire.Scalar.TEXT;
import static org.deploypolicy.internal.Wire.Scalar.TIME;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Incident;
import org.deploypolicy.IncidentType;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;
import org.deploypolicy.Waiver;

/**
 * The request records as the wire contract has them (docs/contract.md), said once: for each record its JSON
 * fields in the contract's order, each with its name, what it holds, whether the contract requires it and how to
 * get it from the record. {@link RequestReader} takes from here the keys an object may have and how to read each
 * field, {@link JsonMapping} writes a request (and the canonical form the decision log digests) from here, and a
 * test checks {@code schemas/request.schema.json} against it. A field's name is its record component's, and the
 * fields come in the components' order: a shape that says otherwise fails when this class loads.
 *
 * <p>A new field of a request record is one line here (and one in the schema). What its value must be beyond
 * its type (not blank, at most so long, a time of years 1 to 9999) is {@link RequestValidator}'s, which checks
 * records built in Java too; a test fails for a text, time or required field the validator does not check.
 */
final class Wire {
    // The parts come first: a shape refers to the shapes of its parts when it is made.

    static final Shape<Requester> REQUESTER = shape(Requester.class,
            required("id", NAME, Requester::id),
            optional("roles", listOf(ROLE), Requester::roles));

    static final Shape<Change> CHANGE = shape(Change.class,
            optional("summary", TEXT, Change::summary),
            required("type", oneOf(ChangeType.class), Change::type),
            optional("severity", oneOf(Severity.class), Change::severity),
            required("major", BOOLEAN, Change::major),
            required("breaking", BOOLEAN, Change::breaking),
            required("paymentRelated", BOOLEAN, Change::paymentRelated),
            required("databaseMigrations", BOOLEAN, Change::databaseMigrations),
            required("author", NAME, Change::author),
            required("headCommit", NAME, Change::headCommit),
            optional("branchedFrom", NAME, Change::branchedFrom),
            optional("labels", listOf(NAME), Change::labels));

    /** An approval; a deployment's needs its {@code commit} too ({@link RequestValidator}). */
    static final Shape<Approval> APPROVAL = shape(Approval.class,
            required("by", NAME, Approval::by),
            required("role", ROLE, Approval::role),
            required("verdict", oneOf(Verdict.class), Approval::verdict),
            optional("commit", NAME, Approval::commit),
            optional("channel", oneOf(Channel.class), Approval::channel),
            optional("reference", TEXT, Approval::reference),
            optional("at", TIME, Approval::at));

    static final Shape<Reviews> REVIEWS = shape(Reviews.class,
            required("approving", INTEGER, "the number of approving reviews", Reviews::approving),
            required("codeOwnerApproved", BOOLEAN, Reviews::codeOwnerApproved));

    static final Shape<Checklist> CHECKLIST = shape(Checklist.class,
            optional("securityScanCompleted", BOOLEAN, Checklist::securityScanCompleted),
            optional("criticalVulnerabilities", INTEGER, Checklist::criticalVulnerabilities),
            optional("stagingVerified", BOOLEAN, Checklist::stagingVerified),
            optional("migrationsReviewed", BOOLEAN, Checklist::migrationsReviewed),
            optional("rollbackPlanDocumented", BOOLEAN, Checklist::rollbackPlanDocumented));

    static final Shape<Incident> INCIDENT = shape(Incident.class,
            required("type", oneOf(IncidentType.class), Incident::type),
            optional("apiErrorRate", NUMBER, Incident::apiErrorRate),
            optional("summary", TEXT, Incident::summary));

    static final Shape<Waiver> WAIVER = shape(Waiver.class,
            required("rule", NAME, Waiver::rule),
            optional("subject", TEXT, Waiver::subject),
            required("by", NAME, Waiver::by),
            required("reason", NAME, Waiver::reason));

    /** A request's attributes, written only when it has some, so a request without them reads as it always did. */
    private static final MapOf ATTRIBUTES = new MapOf("attribute name to value", Scalar.VALUE);

    static final Shape<DeploymentRequest> DEPLOYMENT = request("DEPLOYMENT", DeploymentRequest.class,
            required("id", NAME, DeploymentRequest::id),
            optional("at", TIME, DeploymentRequest::at),
            required("source", NAME, DeploymentRequest::source),
            required("target", NAME, DeploymentRequest::target),
            required("requester", REQUESTER, DeploymentRequest::requester),
            required("change", CHANGE, DeploymentRequest::change),
            optional("approvals", listOf(APPROVAL), DeploymentRequest::approvals),
            optional("reviews", REVIEWS, DeploymentRequest::reviews),
            optional("checks", new MapOf("check name to status", oneOf(CheckStatus.class)), DeploymentRequest::checks),
            optional("checklist", CHECKLIST, DeploymentRequest::checklist),
            optional("waivers", listOf(WAIVER), DeploymentRequest::waivers),
            optional("attributes", ATTRIBUTES, r -> r.attributes().isEmpty() ? null : r.attributes()));

    static final Shape<RollbackRequest> ROLLBACK = request("ROLLBACK", RollbackRequest.class,
            required("id", NAME, RollbackRequest::id),
            optional("at", TIME, RollbackRequest::at),
            required("requester", REQUESTER, RollbackRequest::requester),
            required("incident", INCIDENT, RollbackRequest::incident),
            optional("approvals", listOf(APPROVAL), RollbackRequest::approvals),
            optional("waivers", listOf(WAIVER), RollbackRequest::waivers),
            optional("attributes", ATTRIBUTES, r -> r.attributes().isEmpty() ? null : r.attributes()));

    /** The requests, told apart by their {@code kind}. */
    static final List<Shape<? extends PolicyRequest>> REQUESTS = List.of(DEPLOYMENT, ROLLBACK);

    private Wire() {
    }

    /** The shape of a request's record. */
    static Shape<? extends PolicyRequest> of(PolicyRequest request) {
        return request instanceof DeploymentRequest ? DEPLOYMENT : ROLLBACK;
    }

    /** What a field holds. */
    sealed interface Type permits Scalar, Choice, ListOf, MapOf, Shape {
    }

    /** A value of one JSON type, as the schema's {@code $defs} and types name it. */
    enum Scalar implements Type {
        /** A string; blank or not, it says what it says. */
        TEXT,
        /** A string that names something, so that blank is an error. */
        NAME,
        /** A role's name: upper-case letters, digits and underscores ({@code TECH_LEAD}). */
        ROLE,
        /** A time with an offset, as a string. */
        TIME,
        BOOLEAN,
        /** A whole number: a count. */
        INTEGER,
        NUMBER,
        /** A team's own value (an attribute): a number, a text, a boolean, or a list of those. */
        VALUE
    }

    /** One of an enum's constants, spelt as its name. */
    record Choice<E extends Enum<E>>(Class<E> values) implements Type {
    }

    /** A list of values of one type. */
    record ListOf(Type item) implements Type {
    }

    /**
     * An object whose keys are names of the caller's and whose values are of one type.
     *
     * @param meaning what it maps to what, for a problem's message ({@code check name to status})
     */
    record MapOf(String meaning, Type value) implements Type {
    }

    /**
     * One field of a record.
     *
     * @param name     its JSON name, which is the record component's
     * @param type     what it holds
     * @param required whether the contract requires it: then absent and {@code null} are an error
     * @param wanted   what it holds, in words, for the problem when it is required, absent from JSON and held as a
     *                 primitive, so that only the reader can tell ({@code required: true or false})
     * @param value    its value in a record, as the record holds it
     */
    record Field<R>(String name, Type type, boolean required, String wanted, Function<R, ?> value) {
        /** The value in {@code record} as JSON has it: an empty {@code Optional} as null. */
        Object in(R record) {
            Object held = value.apply(record);
            if (held instanceof Optional<?> optional) {
                return optional.orElse(null);
            }
            if (held instanceof OptionalInt optional) {
                return optional.isPresent() ? (Object) optional.getAsInt() : null;
            }
            if (held instanceof OptionalDouble optional) {
                return optional.isPresent() ? (Object) optional.getAsDouble() : null;
            }
            return held;
        }
    }

    /**
     * A record as a JSON object: its fields, and for a request the {@code kind} that comes before them. It makes
     * the record from the values read, through the record's canonical constructor.
     */
    static final class Shape<R extends Record> implements Type {
        private final String kind;
        private final Class<R> record;
        private final List<Field<R>> fields;
        private final Set<String> keys;
        private final Class<?>[] held;
        private final Constructor<R> constructor;

        private Shape(String kind, Class<R> record, List<Field<R>> fields) {
            this.kind = kind;
            this.record = record;
            this.fields = fields;
            RecordComponent[] components = record.getRecordComponents();
            List<String> names = fields.stream().map(Field::name).toList();
            if (!names.equals(Arrays.stream(components).map(RecordComponent::getName).toList())) {
                throw new IllegalStateException(record.getSimpleName() + " is described with the fields " + names
                        + ", not its components in their order");
            }
            Set<String> all = new LinkedHashSet<>();
            if (kind != null) {
                all.add("kind");
            }
            all.addAll(names);
            this.keys = Collections.unmodifiableSet(all);
            this.held = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            for (int i = 0; i < held.length; i++) {
                Field<R> field = fields.get(i);
                if (held[i].isPrimitive() && (!field.required() || field.wanted() == null)) {
                    throw new IllegalStateException(record.getSimpleName() + "." + field.name()
                            + " is held as a primitive, which cannot be absent: it must be required, and say what it"
                            + " holds for the problem when it is");
                }
            }
            try {
                this.constructor = record.getDeclaredConstructor(held);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(record.getSimpleName() + " has no canonical constructor", e);
            }
        }

        /** The {@code kind} of a request; null for a part of one. */
        String kind() {
            return kind;
        }

        List<Field<R>> fields() {
            return fields;
        }

        /** The keys the object may have, in the contract's order: {@code kind} first for a request. */
        Set<String> keys() {
            return keys;
        }

        /** Whether the record holds the field at {@code index} as a primitive, which cannot be absent. */
        boolean holdsPrimitive(int index) {
            return held[index].isPrimitive();
        }

        R cast(Object value) {
            return record.cast(value);
        }

        /**
         * The record of these values as JSON has them, one a field in order (null for one absent), which this
         * turns into the record's: an {@code Optional}, or {@code false} and {@code 0} for an absent primitive.
         */
        R create(Object[] values) {
            for (int i = 0; i < values.length; i++) {
                values[i] = held(held[i], values[i]);
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(record.getSimpleName() + " could not be made", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(record.getSimpleName() + " could not be made", e);
            }
        }

        private static Object held(Class<?> type, Object value) {
            if (type == Optional.class) {
                return Optional.ofNullable(value);
            }
            if (type == OptionalInt.class) {
                return value == null ? OptionalInt.empty() : OptionalInt.of((Integer) value);
            }
            if (type == OptionalDouble.class) {
                return value == null ? OptionalDouble.empty() : OptionalDouble.of((Double) value);
            }
            if (type == boolean.class) {
                return Boolean.TRUE.equals(value);
            }
            if (type == int.class) {
                return value == null ? 0 : value;
            }
            return value;
        }
    }

    @SafeVarargs
    private static <R extends Record> Shape<R> shape(Class<R> record, Field<R>... fields) {
        return new Shape<>(null, record, List.of(fields));
    }

    @SafeVarargs
    private static <R extends Record> Shape<R> request(String kind, Class<R> record, Field<R>... fields) {
        return new Shape<>(kind, record, List.of(fields));
    }

    private static <R> Field<R> required(String name, Type type, Function<R, ?> value) {
        return new Field<>(name, type, true, type == BOOLEAN ? "true or false" : null, value);
    }

    private static <R> Field<R> required(String name, Type type, String wanted, Function<R, ?> value) {
        return new Field<>(name, type, true, wanted, value);
    }

    private static <R> Field<R> optional(String name, Type type, Function<R, ?> value) {
        return new Field<>(name, type, false, null, value);
    }

    private static <E extends Enum<E>> Choice<E> oneOf(Class<E> values) {
        return new Choice<>(values);
    }

    private static ListOf listOf(Type item) {
        return new ListOf(item);
    }
}
