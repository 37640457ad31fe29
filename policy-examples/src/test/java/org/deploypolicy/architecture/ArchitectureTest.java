package org.deploypolicy.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The structure the code is meant to have, checked on the compiled classes of the three modules: the API
 * packages speak no Drools, Kie or Jackson in their public signatures, and the sub-packages depend on each other
 * without cycles.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.deploypolicy");
    private static final List<String> ENGINE_PACKAGES = List.of("org.drools", "org.kie", "com.fasterxml");

    private static boolean engineType(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return ENGINE_PACKAGES.stream().anyMatch(base.getPackageName()::startsWith);
    }

    /** A public member of a public class whose signature names an engine type. */
    private static final ArchCondition<JavaClass> SPEAK_NO_ENGINE_TYPES =
            new ArchCondition<>("name no Drools, Kie or Jackson type in a public signature") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    for (JavaCodeUnit unit : type.getCodeUnits()) {
                        if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
                            continue;
                        }
                        Stream.concat(Stream.concat(unit.getRawParameterTypes().stream(), Stream.of(unit.getRawReturnType())),
                                        unit.getThrowsClause().getTypes().stream())
                                .filter(ArchitectureTest::engineType)
                                .forEach(engine -> events.add(SimpleConditionEvent.violated(unit,
                                        unit.getFullName() + " names " + engine.getName())));
                    }
                    for (JavaField field : type.getFields()) {
                        if (field.getModifiers().contains(JavaModifier.PUBLIC) && engineType(field.getRawType())) {
                            events.add(SimpleConditionEvent.violated(field, field.getFullName() + " is a "
                                    + field.getRawType().getName()));
                        }
                    }
                    if (type.getRawSuperclass().filter(ArchitectureTest::engineType).isPresent()
                            || type.getRawInterfaces().stream().anyMatch(ArchitectureTest::engineType)) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + " extends an engine type"));
                    }
                }
            };

    @Test
    void theApiAndTheRuleVocabularySpeakNoEngineTypesInPublic() {
        ArchRule rule = ArchRuleDefinition.classes()
                .that().resideInAnyPackage("org.deploypolicy", "org.deploypolicy.rules", "org.deploypolicy.junit")
                .and().arePublic()
                .should(SPEAK_NO_ENGINE_TYPES);

        rule.check(CLASSES);
    }

    @Test
    void thePackagesBelowTheApiDependOnEachOtherWithoutCycles() {
        slices().matching("org.deploypolicy.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theRuleVocabularyDoesNotReachIntoTheEngine() {
        ArchRuleDefinition.noClasses().that().resideInAPackage("org.deploypolicy.rules")
                .should().dependOnClassesThat(DescribedPredicate.describe("are in org.deploypolicy.internal",
                        (JavaClass c) -> c.getPackageName().startsWith("org.deploypolicy.internal")))
                .check(CLASSES);
    }
}
