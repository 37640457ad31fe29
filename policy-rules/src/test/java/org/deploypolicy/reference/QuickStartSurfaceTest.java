package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * A Java user who builds a policy, evaluates a request and reads its findings meets few types: the README's quick
 * start (run verbatim by {@link ReadmeJavaExampleTest}) is read from its compiled code, every method of this library
 * it calls is listed, and the library's types in their signatures (owners, parameters, results, type arguments) are
 * counted. More than 15 fails.
 */
class QuickStartSurfaceTest {
    private static final int MOST = 15;

    @Test
    void theQuickStartMeetsAtMostFifteenTypes() {
        JavaClass example = new ClassFileImporter().importPackages("org.deploypolicy")
                .get(ReadmeJavaExampleTest.class);
        Set<String> met = new TreeSet<>();
        for (JavaCodeUnit unit : example.getCodeUnits()) {
            if (!unit.getName().equals("theReadmeExample") && !unit.getName().startsWith("lambda$theReadmeExample$")) {
                continue;
            }
            unit.getCallsFromSelf().forEach(call -> {
                if (!library(call.getTargetOwner())) {
                    return;
                }
                met.add(call.getTargetOwner().getName());
                call.getTarget().resolveMember().ifPresent(target -> {
                    target.getParameterTypes().forEach(type -> meet(type, met));
                    if (target instanceof JavaMethod method) {
                        meet(method.getReturnType(), met);
                    }
                    target.getThrowsClause().getTypes().forEach(type -> meet(type, met));
                });
            });
        }

        assertTrue(met.size() > 10, "the example was read: " + met);
        assertTrue(met.size() <= MOST, met.size() + " types: " + met);
    }

    private static void meet(JavaType type, Set<String> met) {
        type.getAllInvolvedRawTypes().stream().filter(QuickStartSurfaceTest::library)
                .forEach(raw -> met.add(raw.getName()));
    }

    private static boolean library(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return base.getPackageName().startsWith("org.deploypolicy")
                && !base.getPackageName().equals("org.deploypolicy.reference");
    }
}
