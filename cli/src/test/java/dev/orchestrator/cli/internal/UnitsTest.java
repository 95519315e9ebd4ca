package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.recipe.internal.Durations;
import org.junit.jupiter.api.Test;

/** The small pieces: name spellings, documentation blocks, template clean-up, durations. */
class UnitsTest {

    @Test
    void namesComeInEverySpelling() {
        for (String given : new String[] {"count_rows", "count-rows", "CountRows", "count rows", "countRows"}) {
            Names names = Names.of(given);
            assertThat(names.snake()).as(given).isEqualTo("count_rows");
            assertThat(names.kebab()).as(given).isEqualTo("count-rows");
            assertThat(names.pascal()).as(given).isEqualTo("CountRows");
        }
        assertThat(Names.of("HTTPServer2").snake()).isEqualTo("http_server2");
        assertThatThrownBy(() -> Names.of("../x")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Names.of("")).isInstanceOf(UsageException.class);
    }

    @Test
    void docBlocksOfPythonAndShell() {
        assertThat(DocBlocks.pythonDocstring("#!/usr/bin/env python3\n\"\"\"\nName:\n    x\n\"\"\"\nimport os\n"))
                .isEqualTo("Name:\n    x");
        assertThat(DocBlocks.pythonDocstring("import os\n")).isEmpty();
        assertThat(DocBlocks.shellHeader("#!/bin/bash\n# Name:\n#     x.sh\n#\n# Description:\n#     Does x.\n\nset -e\n# later\n"))
                .isEqualTo("Name:\n    x.sh\n\nDescription:\n    Does x.");
        assertThat(DocBlocks.description("Name:\n  x\n\nDescription:\n    Does x\n    well. More.\n  - item\n"))
                .isEqualTo("Does x well.");
        assertThat(DocBlocks.description("just a line")).isEqualTo("just a line");
    }

    @Test
    void theTemplatesHowToParagraphIsDropped() {
        assertThat(Scaffolder.withoutTemplateHowTo("a\n    - last\n\nHow to use this template: copy\nit there.\n\"\"\"\ncode\n"))
                .isEqualTo("a\n    - last\n\"\"\"\ncode\n");
        assertThat(Scaffolder.withoutTemplateHowTo("# a\n#\n# How to use this template: x\n# y\n\nset -e\n"))
                .isEqualTo("# a\n\nset -e\n");
        assertThat(Scaffolder.withoutTemplateHowTo(" * </pre>\n *\n * How to use this template: x\n * y\n */\nclass X\n"))
                .isEqualTo(" * </pre>\n */\nclass X\n");
    }

    @Test
    void durationsAndFirstLines() {
        assertThat(Durations.elapsed(java.time.Duration.ofMillis(410))).isEqualTo("0.41s");
        assertThat(Durations.elapsed(java.time.Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Table.firstLine("ctx does not match (1 mismatch):\n  region: expected 1\n  more", 100))
                .isEqualTo("ctx does not match (1 mismatch): region: expected 1");
        assertThat(Table.firstLine("x".repeat(20), 10)).hasSize(10).endsWith("…");
    }
}
