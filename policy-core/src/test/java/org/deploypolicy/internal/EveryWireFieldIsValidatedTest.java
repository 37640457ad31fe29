package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RequestProblem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link RequestValidator} checks every field {@link Wire} describes, for requests built in Java as for requests
 * read: a required field that is null, a text over the length limit, a name that is blank, a role that is not a
 * role's name and a time past year 9999 are each an error at the field's path. A field added to the wire and not
 * to the validator fails here.
 */
class EveryWireFieldIsValidatedTest {
    /** Requests with every field given, and one item in every list. */
    private static final List<PolicyRequest> COMPLETE = List.of(JsonMapping.readRequest("""
            {"kind": "DEPLOYMENT", "id": "DEP-1", "at": "2030-07-04T10:30:00+02:00", "source": "release",
             "target": "prod", "requester": {"id": "ana", "roles": ["DEVELOPER"]},
             "change": {"summary": "s", "type": "FIX", "severity": "P3", "major": false, "breaking": false,
                        "paymentRelated": false, "databaseMigrations": false, "author": "ana", "headCommit": "c1",
                        "branchedFrom": "develop", "labels": ["l"]},
             "approvals": [{"by": "lee", "role": "TECH_LEAD", "verdict": "APPROVED", "commit": "c1",
                            "channel": "VERBAL", "reference": "r", "at": "2030-07-04T09:00:00+02:00"}],
             "reviews": {"approving": 1, "codeOwnerApproved": true}, "checks": {"unit": "PASSED"},
             "checklist": {"securityScanCompleted": true, "criticalVulnerabilities": 0, "stagingVerified": true,
                           "migrationsReviewed": true, "rollbackPlanDocumented": true},
             "waivers": [{"rule": "a.rule", "subject": "s", "by": "lee", "reason": "r"}]}
            """), JsonMapping.readRequest("""
            {"kind": "ROLLBACK", "id": "RB-1", "at": "2030-07-04T18:05:00+02:00",
             "requester": {"id": "kai", "roles": ["ON_CALL"]},
             "incident": {"type": "API_ERRORS", "apiErrorRate": 0.2, "summary": "s"},
             "approvals": [{"by": "lee", "role": "TECH_LEAD", "verdict": "APPROVED", "commit": "c1",
                            "channel": "VERBAL", "reference": "r", "at": "2030-07-04T09:00:00+02:00"}],
             "waivers": [{"rule": "a.rule", "subject": "s", "by": "lee", "reason": "r"}]}
            """));
    private static final OffsetDateTime YEAR_10000 = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** A field of a request: its path, what the wire says of it, and how to make the request with another value. */
    private record Spot(String path, Wire.Field<?> field, Wire.Type type, UnaryOperator<Object> replace) {
        PolicyRequest with(Object value) {
            return (PolicyRequest) replace.apply(value);
        }
    }

    @Test
    void theRequestsHereGiveEveryField() {
        Set<Wire.Field<?>> given = new LinkedHashSet<>();
        COMPLETE.forEach(request -> spots(request).forEach(spot -> given.add(spot.field())));
        Set<Wire.Field<?>> described = new LinkedHashSet<>();
        Wire.REQUESTS.forEach(shape -> fields(shape, described));

        assertEquals(described, given);
    }

    @TestFactory
    Stream<DynamicTest> aFieldWithAValueTheContractDoesNotAllowIsAnErrorAtItsPath() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PolicyRequest request : COMPLETE) {
            for (Spot spot : spots(request)) {
                String at = Wire.of(request).kind() + " " + spot.path();
                // a flag or a count held as a primitive cannot be null, and says what it holds when absent
                if (spot.field().required() && spot.field().wanted() == null && spot.type() == spot.field().type()) {
                    tests.add(invalid(at + " null", spot, null));
                }
                if (spot.type() == Wire.Scalar.TEXT || spot.type() == Wire.Scalar.NAME) {
                    tests.add(invalid(at + " too long", spot, "x".repeat(RequestValidator.MAX_STRING + 1)));
                }
                if (spot.type() == Wire.Scalar.NAME || spot.type() == Wire.Scalar.ROLE) {
                    tests.add(invalid(at + " blank", spot, "\u00A0"));
                }
                if (spot.type() == Wire.Scalar.ROLE) {
                    tests.add(invalid(at + " not a role", spot, "tech lead"));
                }
                if (spot.type() == Wire.Scalar.TIME) {
                    tests.add(invalid(at + " past 9999", spot, YEAR_10000));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theRequestsHereAreValid() {
        COMPLETE.forEach(RequestValidator::validate);
    }

    private static DynamicTest invalid(String name, Spot spot, Object value) {
        return DynamicTest.dynamicTest(name, () -> {
            PolicyRequest request = spot.with(value);
            InvalidRequestException error = assertThrows(InvalidRequestException.class,
                    () -> RequestValidator.validate(request));
            assertTrue(error.problems().stream().map(RequestProblem::path).anyMatch(spot.path()::equals),
                    () -> "no problem at " + spot.path() + ": " + error.problems());
        });
    }

    private static List<Spot> spots(PolicyRequest request) {
        List<Spot> spots = new ArrayList<>();
        spots(Wire.of(request), request, "$", UnaryOperator.identity(), spots);
        return spots;
    }

    /** The fields of a record, and of its parts, each with a way to make the whole request with another value. */
    private static <R extends Record> void spots(Wire.Shape<R> shape, Object value, String path,
                                                 UnaryOperator<Object> replace, List<Spot> spots) {
        R record = shape.cast(value);
        List<Wire.Field<R>> fields = shape.fields();
        for (int i = 0; i < fields.size(); i++) {
            Wire.Field<R> field = fields.get(i);
            int index = i;
            UnaryOperator<Object> replaceField = v -> replace.apply(with(shape, record, index, v));
            String fieldPath = path + "." + field.name();
            spots.add(new Spot(fieldPath, field, field.type(), replaceField));
            Object fieldValue = field.in(record);
            if (field.type() instanceof Wire.Shape<?> part && fieldValue != null) {
                spots(part, fieldValue, fieldPath, replaceField, spots);
            } else if (field.type() instanceof Wire.ListOf list && fieldValue instanceof List<?> items
                    && !items.isEmpty()) {
                String itemPath = fieldPath + "[0]";
                UnaryOperator<Object> replaceItem = v -> {
                    List<Object> changed = new ArrayList<>(items);
                    changed.set(0, v);
                    return replaceField.apply(changed);
                };
                if (list.item() instanceof Wire.Shape<?> item) {
                    spots(item, items.get(0), itemPath, replaceItem, spots);
                } else {
                    spots.add(new Spot(itemPath, field, list.item(), replaceItem));
                }
            }
        }
    }

    /** The record with another value (as JSON has it) for one field. */
    private static <R extends Record> R with(Wire.Shape<R> shape, R record, int index, Object value) {
        Object[] values = shape.fields().stream().map(field -> field.in(record)).toArray();
        values[index] = value;
        return shape.create(values);
    }

    private static void fields(Wire.Shape<?> shape, Set<Wire.Field<?>> fields) {
        for (Wire.Field<?> field : shape.fields()) {
            fields.add(field);
            Wire.Type type = field.type() instanceof Wire.ListOf list ? list.item() : field.type();
            if (type instanceof Wire.Shape<?> part) {
                fields(part, fields);
            }
        }
    }
}
