package dev.statefun.kafka.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of DESIGN.md: the core is plain Java, and lower layers never reach up. */
class LayeringTest {

  static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.statefun.kafka");
  }

  @Test
  void coreImportsNothingFromSpring() {
    noClasses().that().resideInAnyPackage(
            "dev.statefun.kafka.sdk..", "dev.statefun.kafka.io..", "dev.statefun.kafka.module..",
            "dev.statefun.kafka.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
        .check(classes);
  }

  @Test
  void sdkDependsOnNoOtherLayer() {
    noClasses().that().resideInAPackage("dev.statefun.kafka.sdk..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.statefun.kafka.io..", "dev.statefun.kafka.module..", "dev.statefun.kafka.runtime..",
            "dev.statefun.kafka.autoconfigure..", "org.apache.flink..")
        .check(classes);
  }

  @Test
  void ioDependsOnlyOnTheSdk() {
    noClasses().that().resideInAPackage("dev.statefun.kafka.io..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.statefun.kafka.module..", "dev.statefun.kafka.runtime..", "dev.statefun.kafka.autoconfigure..",
            "org.apache.flink..")
        .check(classes);
  }

  @Test
  void moduleYamlReaderKnowsNothingOfTheRuntime() {
    noClasses().that().resideInAPackage("dev.statefun.kafka.module..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.statefun.kafka.runtime..", "dev.statefun.kafka.autoconfigure..", "org.apache.flink..")
        .check(classes);
  }

  @Test
  void runtimeNeverReachesIntoAutoconfigure() {
    noClasses().that().resideInAPackage("dev.statefun.kafka.runtime..")
        .should().dependOnClassesThat().resideInAPackage("dev.statefun.kafka.autoconfigure..")
        .check(classes);
  }

  @Test
  void typedHandlerResolutionNeedsNoSpring() {
    // the annotations are Spring stereotypes; resolving handlers is plain Java, shared with FunctionTestHarness
    noClasses().that().resideInAPackage("dev.statefun.kafka.annotation..").and().areNotAnnotations()
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.statefun.kafka.autoconfigure..")
        .check(classes);
  }
}
