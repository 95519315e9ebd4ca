package dev.orchestrator.scriptlets;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.List;

/**
 * JSON Schema checks (networknt json-schema-validator). The draft is the schema's {@code $schema}
 * (draft 4, 6, 7, 2019-09, 2020-12), else 2020-12. Nothing is fetched: a {@code $ref} to a URL is an
 * error, so a schema must be self-contained (use {@code $defs}).
 */
final class Schemas {

    private Schemas() {
    }

    /** Every violation of {@code schema} by {@code value}, one line each ({@code /path: message}); empty when valid. */
    static List<String> violations(JsonNode schema, JsonNode value) {
        SpecVersion.VersionFlag version = schema.has("$schema")
                ? SpecVersionDetector.detect(schema) : SpecVersion.VersionFlag.V202012;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version, builder -> builder.schemaLoaders(
                loaders -> loaders.values(list -> list.add(0, new AllowSchemaLoader(
                        iri -> iri.toString().startsWith("classpath:") || iri.toString().startsWith("resource:"))))));
        JsonSchema compiled = factory.getSchema(schema);
        return compiled.validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
