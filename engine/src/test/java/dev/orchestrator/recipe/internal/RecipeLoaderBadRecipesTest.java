package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of broken recipe is refused with the place of the error and what was expected there. */
class RecipeLoaderBadRecipesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            bad_yaml_syntax                    | 12:4  | invalid YAML
            unknown_top_level_key              | 10:1  | unknown key 'setings' at the top level; did you mean 'settings'?
            unknown_step_key                   | 14:5  | unknown key 'depend_on' in step 'second'; did you mean 'depends_on'?
            missing_meta_keys                  | 2:3   | missing required key 'test_id' in test_meta
            missing_meta_keys                  | 2:3   | missing required key 'tester' in test_meta
            missing_meta_keys                  | 2:3   | missing required key 'description' in test_meta
            bad_test_id                        | 2:12  | expected letters, digits, '_', '.' or '-', starting with a letter, digit or '_' ([A-Za-z0-9_][A-Za-z0-9_.-]*) for 'test_id', found 'csv metrics!'
            missing_idx                        | 10:5  | missing required key 'idx' in step 'second'
            missing_name                       | 10:5  | missing required key 'name' in the step at line 10
            name_not_snake_case                | 11:11 | expected a snake_case name ([a-z][a-z0-9_]*) for 'name', found 'SecondStep'
            idx_not_integer                    | 10:10 | expected an integer for 'idx', found a string ('two')
            duplicate_idx                      | 10:10 | duplicate idx 1 in step 'second': step 'first' (line 6) has it already
            duplicate_name                     | 11:11 | duplicate step name 'first': the step at line 6 has it already
            unknown_type                       | 12:11 | unknown step type 'ruby'; expected java, python or shell
            shell_without_cmd                  | 10:5  | missing required key 'cmd' in shell step 'second'
            python_without_module_and_function | 10:5  | missing required key 'module' in python step 'second'
            python_without_module_and_function | 10:5  | missing required key 'function' in python step 'second'
            java_without_class                 | 10:5  | missing required key 'class' in java step 'second'
            java_class_not_found               | 13:12 | java class 'dev.orchestrator.nowhere.Missing' not found on the class path
            missing_script                     | 13:10 | script 'scriptlets/shell/no-such.sh' not found
            missing_python_module              | 13:13 | python module 'scriptlets.python.steps.no_such' not found: expected scriptlets/python/steps/no_such.py or scriptlets/python/steps/no_such/__init__.py
            unknown_depends_on                 | 14:18 | unknown step 'frist' in depends_on of step 'second'; did you mean 'first'?
            cycle_of_two                       | 10:80 | dependency cycle: a -> b -> a
            cycle_of_three                     | 10:80 | dependency cycle: a -> c -> b -> a
            self_dependency                    | 10:87 | dependency cycle: a -> a
            path_escapes_with_dotdot           | 13:10 | path 'scriptlets/../../outside.sh' escapes the workspace
            path_escapes_absolute              | 15:35 | path '/etc/passwd' escapes the workspace
            bad_duration                       | 14:14 | expected a duration like 500ms, 30s, 5m, 1h or a number of seconds for 'timeout', found a string ('5 minutes')
            alias_bomb                         | 17:25 | too many aliases
            java_type_tag                      | 15:15 | type tags are not allowed: found '!!javax.script.ScriptEngineManager'
            python_object_tag                  | 15:10 | type tags are not allowed: found '!!python/object/apply:os.system'
            local_tag                          | 13:10 | type tags are not allowed: found '!shell'
            duplicate_key                      | 14:5  | duplicate key 'name' (first at line 11, column 5)
            multiple_documents                 | 10:1  | a recipe is a single YAML document, but found another document
            empty                              | 1:1   | the recipe is empty; expected a mapping with 'test_meta' and 'steps'
            cmd_on_java_step                   | 14:5  | key 'cmd' is for shell steps, but step 'second' is a java step
            parallel_with_other_keys           | 11:5  | 'parallel' must be the only key of its list item
            recursive_alias                    | 10:5  | recursive alias
            not_a_mapping                      | 1:1   | expected a mapping with 'test_meta' and 'steps' for the recipe, found a list
            defaults_misused                   | 6:3   | 'name' cannot be a default: it belongs to one step
            defaults_misused                   | 7:3   | unknown key 'timout' in defaults; did you mean 'timeout'?
            defaults_misused                   | 8:12  | expected an integer from 0 to 100 for 'retries', found -1
            contract_parallel_writes           | 9:99  | ctx key 'total' is written by step 'left' (line 8) and step 'right', which may run at the same time
            contract_unwritten_read            | 15:19 | step 'report' reads ctx key 'totals', which no step before it writes
            """)
    void refusesABrokenRecipeAtThePlaceOfTheError(String fixture, String position, String message) {
        LoadResult result = new TestWorkspace(dir).loadFixture("bad/" + fixture + ".yaml");

        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        LoadResult.Invalid invalid = (LoadResult.Invalid) result;
        assertThat(invalid.problems()).isNotEmpty();
        assertThat(invalid.problems())
                .as("problems of %s", fixture)
                .anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("recipes/" + fixture + ".yaml");
                    assertThat(p.position()).hasToString(position);
                    assertThat(p.message()).contains(message);
                });
    }

    @ParameterizedTest
    @CsvSource({"defaults_misused, 3", "missing_meta_keys, 3", "python_without_module_and_function, 2", "duplicate_idx, 1"})
    void reportsEachProblemOnce(String fixture, int count) {
        LoadResult result = new TestWorkspace(dir).loadFixture("bad/" + fixture + ".yaml");

        assertThat(((LoadResult.Invalid) result).problems()).hasSize(count);
    }

    @ParameterizedTest
    @CsvSource({"duplicate_key, duplicate_key", "java_type_tag, java_type_tag", "cycle_of_two, cycle_of_two"})
    void namesAnInvalidRecipeByItsTestId(String fixture, String testId) {
        LoadResult result = new TestWorkspace(dir).loadFixture("bad/" + fixture + ".yaml");

        assertThat(((LoadResult.Invalid) result).testId()).contains(testId);
    }
}
