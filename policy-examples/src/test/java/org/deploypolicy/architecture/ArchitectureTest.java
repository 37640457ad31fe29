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
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The structure the code is meant to have, checked on the compiled classes of the three modules: the API
 * packages speak no Drools, Kie or Jackson in their public signatures; the implementation ({@code internal}) has one
 * public class, {@code Core}, through which the API package reaches it and nothing else does; and apart from that
 * door the packages (the API's two counted as one layer) depend on each other without cycles.
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

    private static final DescribedPredicate<JavaClass> THE_DOOR = DescribedPredicate.describe(
            "the implementation's one door, org.deploypolicy.internal.Core",
            (JavaClass c) -> c.getName().equals("org.deploypolicy.internal.Core"));
    private static final DescribedPredicate<JavaClass> IN_THE_IMPLEMENTATION = DescribedPredicate.describe(
            "are in org.deploypolicy.internal", (JavaClass c) -> c.getPackageName().equals("org.deploypolicy.internal"));

    /**
     * The API is two packages that speak of each other: the rule vocabulary's facts wrap the records, and a policy's
     * settings are read as the vocabulary's {@code Settings}. Together they are one layer; every other package is
     * a layer of its own, and the implementation is reached only through its door.
     */
    private static final List<String> API = List.of("org.deploypolicy", "org.deploypolicy.rules");

    @Test
    void thePackagesDependOnEachOtherWithoutCyclesButThroughTheDoor() {
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass type) {
                        String name = type.getPackageName();
                        return API.contains(name) ? SliceIdentifier.of("the API")
                                : name.startsWith("org.deploypolicy") ? SliceIdentifier.of(name)
                                : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "the packages of deploy-policy, the API's two as one";
                    }
                })
                .should().beFreeOfCycles()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), THE_DOOR)
                .check(CLASSES);
    }

    @Test
    void theImplementationHasOnePublicClass() {
        ArchRuleDefinition.classes().that(IN_THE_IMPLEMENTATION).and().arePublic()
                .should().haveFullyQualifiedName("org.deploypolicy.internal.Core")
                .check(CLASSES);
    }

    @Test
    void theApiReachesTheImplementationOnlyThroughTheDoor() {
        ArchRuleDefinition.noClasses().that().resideInAPackage("org.deploypolicy")
                .should().dependOnClassesThat(IN_THE_IMPLEMENTATION.and(DescribedPredicate.not(THE_DOOR)))
                .check(CLASSES);
    }

    @Test
    void nothingButTheApiUsesTheImplementation() {
        ArchRuleDefinition.noClasses().that().resideOutsideOfPackages("org.deploypolicy", "org.deploypolicy.internal")
                .should().dependOnClassesThat(IN_THE_IMPLEMENTATION)
                .check(CLASSES);
    }
}
