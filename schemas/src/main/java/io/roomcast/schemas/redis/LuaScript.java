package io.roomcast.schemas.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA1 digest (EVALSHA), sending the script's text (EVAL) only when the server
 * answers NOSCRIPT: its script cache is empty after a restart, a fail-over or SCRIPT FLUSH, and EVAL
 * caches the script again, so the next EVALSHA finds it (Redis docs, "Scripting with Lua", "Script
 * cache"). The one place Roomcast's services spell that fallback. Thread-safe and immutable; the
 * digest is computed locally, no round trip.
 */
public final class LuaScript {
    private final String text;
    private final String sha;

    /**
     * @param text the Lua source, not blank
     * @throws IllegalArgumentException if text is blank
     */
    public LuaScript(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a Lua script must not be blank");
        }
        this.text = text;
        this.sha = sha1Hex(text);
    }

    /** @return the Lua source */
    public String text() {
        return text;
    }

    /** @return the script's SHA1 digest, 40 lower-case hex digits, as SCRIPT LOAD answers it */
    public String sha() {
        return sha;
    }

    /**
     * Runs the script, blocking for one round trip (two after NOSCRIPT).
     *
     * @param redis Lettuce's blocking commands (a connection's {@code sync()})
     * @param type  how to read the reply (MULTI for a Lua table, INTEGER, VALUE, STATUS)
     * @param keys  KEYS, in the script's order
     * @param args  ARGV, in the script's order
     * @param <T>   the reply's Java type for {@code type} (List, Long, String)
     * @return the script's reply
     * @throws RedisException when Redis fails, or the script raises an error
     */
    public <T> T run(RedisScriptingCommands<String, String> redis, ScriptOutputType type, String[] keys,
                     String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(text, type, keys, args);
        }
    }

    /**
     * As {@link #run}, without blocking (pipelines: many calls may be in flight on one connection).
     *
     * @return a stage with the script's reply, completed on Lettuce's threads, or failed with the
     *     {@link RedisException}
     */
    public <T> CompletionStage<T> runAsync(RedisScriptingAsyncCommands<String, String> redis, ScriptOutputType type,
                                          String[] keys, String... args) {
        return redis.<T>evalsha(sha, type, keys, args).toCompletableFuture().exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(text, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
