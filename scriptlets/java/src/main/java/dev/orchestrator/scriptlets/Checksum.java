package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Computes the SHA-256 (or SHA-512, SHA-1, MD5) of workspace files into ctx ({@code <save_as> = {path: hex}})
 * and, when {@code expected} is given, fails unless the one file's digest matches.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 8
 *   name: fingerprint_export
 *   type: java
 *   class: dev.orchestrator.scriptlets.Checksum
 *   params: {files: [Data/users.xlsx, Data/users.db]}
 * </pre>
 */
@ScriptletDoc(
        name = "checksum",
        description = "SHA-256 (or another digest) of workspace files into ctx; optionally check an expected digest.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.Checksum --files a,b [--algorithm sha-512] [--expected HEX]",
        params = {
            @Param(name = "files", type = ParamType.LIST, required = true, help = "workspace files to digest"),
            @Param(name = "algorithm", defaultValue = "sha-256", help = "sha-256, sha-512, sha-1 or md5"),
            @Param(name = "expected", help = "hex digest the (single) file must have"),
            @Param(name = "save_as", defaultValue = "checksums", help = "ctx key of {path: hex digest}")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.Checksum --files Data/raw.csv"},
        limitations = "Regular files only (not folders).")
@API(status = EXPERIMENTAL)
public final class Checksum extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        for (String file : Support.requiredList(params, "files")) {
            if (!Files.isRegularFile(resolve(file))) {
                throw new InvalidParamsException("file not found: " + file);
            }
        }
        digest(params);
        if (params.has("expected") && params.strings("files").size() != 1) {
            throw new InvalidParamsException("'expected' needs exactly one file");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String file : params.strings("files")) {
            digests.put(file, hex(resolve(file), digest(params)));
            log().info("%s  %s", digests.get(file), file);
        }
        ctx.set(params.optionalString("save_as").orElse("checksums"), digests);
        if (params.has("expected")) {
            String expected = params.string("expected").trim().toLowerCase(Locale.ROOT);
            String actual = digests.values().iterator().next();
            if (!expected.equals(actual)) {
                throw new AssertionError(params.strings("files").get(0) + ": expected digest " + expected + ", found " + actual);
            }
        }
        return digests;
    }

    static String hex(Path file, MessageDigest digest) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest(Params params) {
        String name = params.optionalString("algorithm").orElse("sha-256").toUpperCase(Locale.ROOT);
        if (!Map.of("SHA-256", 1, "SHA-512", 1, "SHA-1", 1, "MD5", 1).containsKey(name)) {
            throw new InvalidParamsException("algorithm must be sha-256, sha-512, sha-1 or md5, found '" + name + "'");
        }
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidParamsException("this JVM has no " + name);
        }
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.Checksum --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new Checksum(), args);
    }
}
