package dev.orchestrator.secrets;

import java.util.regex.Pattern;

/**
 * The default rule for names of secrets: a key (of ctx, params, args, env, at any depth) whose name says
 * password, passwd, pwd, pass, passphrase, secret, token, credential, auth, authorization, cookie, session,
 * session id, bearer, or an API / private / access / SSH / signing / encryption / client key — in any case,
 * in snake, kebab or camel case ({@code db_password}, {@code apiKey}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code JSESSIONID}, {@code Set-Cookie}). Words that merely contain such letters ({@code keys},
 * {@code monkey}, {@code passenger}, {@code bypass_cache}, {@code author}, {@code session_count}) are not.
 */
final class SecretKeys {

    private static final Pattern SECRET = Pattern.compile(String.join("|",
            "passw(or)?d", "pwd", "passphrase", "(^|[^a-z])pass($|[^a-z])",
            "secret", "token", "credential", "bearer", "cookie", "authorization",
            "(^|[^a-z])auth($|[^a-z])",
            "(^|[^a-z])j?session([_.-]?id)?$",
            "(api|private|access|ssh|signing|encryption|master|client)[_.-]?key"),
            Pattern.CASE_INSENSITIVE);

    private SecretKeys() {
    }

    static boolean matches(String key) {
        return key != null && SECRET.matcher(key).find();
    }
}
