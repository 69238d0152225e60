package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static io.codesession.cli.LogAiIT.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log-ai} cache-token options and the schema-version-2 upgrade of a 2.6.0 database. */
class CacheUsageIT {

    @TempDir
    Path tmp;

    @Test
    void cacheTokensArePricedAtCacheRatesAndStored() {
        CsDriver cs = new CsDriver(tmp);
        long id = cs.json("start", "cache", "--json").path("id").asLong();

        // sonnet 4.5: 1000×3 + 500×15 + 2000×3.75 + 4000×6 + 100000×0.3 = 72000 → 0.072
        JsonNode a = cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4-5-20250929", "--prompt-tokens", "1000",
                "--completion-tokens", "500", "--cache-write-tokens", "2000", "--cache-write-1h-tokens", "4000",
                "--cache-read-tokens", "100000", "--json");
        JsonNode logged = a.path("logged");
        assertThat(keys(logged)).containsExactly("provider", "model", "tokens", "promptTokens", "completionTokens",
                "cacheWriteTokens", "cacheWrite1hTokens", "cacheReadTokens", "cost", "id", "timestamp");
        assertThat(logged.path("tokens").asLong()).isEqualTo(107500);
        assertThat(logged.path("cost").asDouble()).isEqualTo(0.072);
        JsonNode p = a.path("pricing");
        assertThat(p.path("cacheWrite5mPer1M").asDouble()).isEqualTo(3.75);
        assertThat(p.path("cacheWrite1hPer1M").asDouble()).isEqualTo(6);
        assertThat(p.path("cacheReadPer1M").asDouble()).isEqualTo(0.3);
        assertThat(p.path("longContext").asBoolean()).isFalse();

        // Long context: prompt 100001 + 100000 read > 200000 → whole request at 6 / 22.5 / 0.6:
        // 100001×6 + 1000×22.5 + 100000×0.6 = 682506 → 0.682506
        JsonNode b = cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "--prompt-tokens", "100001",
                "--completion-tokens", "1000", "--cache-read-tokens", "100000", "--json");
        assertThat(b.path("logged").path("cost").asDouble()).isEqualTo(0.682506);
        assertThat(b.path("pricing").path("longContext").asBoolean()).isTrue();
        // Base rates are reported; the tier flag says they were not the ones applied.
        assertThat(b.path("pricing").path("inputPer1M").asDouble()).isEqualTo(3);

        // --tokens with cache tokens: 70/30 of the rest. gpt-4.1: 10000 total, 4000 cached →
        // 6000 → 4200×2 + 1800×8 + 4000×0.5 = 8400 + 14400 + 2000 = 24800 → 0.0248
        JsonNode c = cs.json("log-ai", "-p", "openai", "-m", "gpt-4.1", "-t", "10000", "--cache-read-tokens", "4000",
                "--json");
        assertThat(c.path("logged").path("cost").asDouble()).isEqualTo(0.0248);
        // 0.072 + 0.682506 + 0.0248
        assertThat(c.path("session").path("aiCost").asDouble()).isEqualTo(0.779306);
        assertThat(c.path("session").path("aiTokens").asLong()).isEqualTo(107500 + 201001 + 10000);

        for (String[] bad : new String[][] {
            {"--cache-read-tokens", "12abc"}, {"--cache-write-tokens", "-5"}, {"--cache-write-1h-tokens", "1e3"},
        }) {
            JsonNode err = cs.jsonError("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "--prompt-tokens", "1",
                    bad[0], bad[1], "--json");
            assertThat(err.path("code").asText()).as("%s %s", bad[0], bad[1]).isEqualTo("invalid_input");
        }
        JsonNode tooFew = cs.jsonError("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "100",
                "--cache-read-tokens", "200", "--json");
        assertThat(tooFew.path("message").asText()).contains("less than");

        assertThat(cs.sql("SELECT tokens, prompt_tokens, completion_tokens, cache_creation_tokens, "
                + "cache_creation_1h_tokens, cache_read_tokens, source, idempotency_key FROM ai_usage ORDER BY id"))
                .containsExactly(
                        row("tokens", 107500, "prompt_tokens", 1000, "completion_tokens", 500,
                                "cache_creation_tokens", 2000, "cache_creation_1h_tokens", 4000,
                                "cache_read_tokens", 100000, "source", "log-ai", "idempotency_key", null),
                        row("tokens", 201001, "prompt_tokens", 100001, "completion_tokens", 1000,
                                "cache_creation_tokens", null, "cache_creation_1h_tokens", null,
                                "cache_read_tokens", 100000, "source", "log-ai", "idempotency_key", null),
                        row("tokens", 10000, "prompt_tokens", null, "completion_tokens", null,
                                "cache_creation_tokens", null, "cache_creation_1h_tokens", null,
                                "cache_read_tokens", 4000, "source", "log-ai", "idempotency_key", null));
        assertThat(cs.json("status", "--json").path("aiUsage").get(0).path("cacheReadTokens").asLong())
                .isEqualTo(100000);
        assertThat(id).isPositive();
    }

    @Test
    void a260DatabaseIsUpgradedOnceAndStaysReadable() {
        CsDriver cs = new CsDriver(tmp);
        try {
            java.nio.file.Files.createDirectories(cs.db().getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // The 2.6.0 layout of a database created by an old version (agent_name/git columns appended).
        cs.exec("CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, start_time TEXT NOT NULL,"
                        + " end_time TEXT, duration INTEGER, working_directory TEXT NOT NULL, files_changed INTEGER DEFAULT 0,"
                        + " commits INTEGER DEFAULT 0, ai_cost REAL DEFAULT 0, ai_tokens INTEGER DEFAULT 0, notes TEXT,"
                        + " status TEXT DEFAULT 'active', git_root TEXT, start_git_head TEXT)",
                "CREATE TABLE ai_usage (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL, provider TEXT NOT NULL,"
                        + " model TEXT NOT NULL, tokens INTEGER NOT NULL, prompt_tokens INTEGER, completion_tokens INTEGER,"
                        + " cost REAL NOT NULL, timestamp TEXT NOT NULL, agent_name TEXT)",
                "INSERT INTO sessions (name, start_time, working_directory, status, ai_cost, ai_tokens) VALUES"
                        + " ('old', '2026-01-01T00:00:00.000Z', '" + cs.cwd() + "', 'active', 0.5, 1000)",
                "INSERT INTO ai_usage (session_id, provider, model, tokens, cost, timestamp) VALUES"
                        + " (1, 'x', 'y', 1000, 0.5, '2026-01-01T00:00:01.000Z')");
        JsonNode status = cs.json("status", "--json");
        assertThat(status.path("aiTokens").asLong()).isEqualTo(1000);
        assertThat((Integer) cs.sql("PRAGMA user_version").getFirst().get("user_version"))
                .as("upgraded at least to the schema version that added the cache columns").isGreaterThanOrEqualTo(2);
        assertThat(cs.sql("SELECT name FROM pragma_table_info('ai_usage') ORDER BY cid"))
                .extracting(r -> r.get("name"))
                .containsExactly("id", "session_id", "provider", "model", "tokens", "prompt_tokens", "completion_tokens",
                        "cost", "timestamp", "agent_name", "cache_creation_tokens", "cache_creation_1h_tokens",
                        "cache_read_tokens", "source", "idempotency_key");
        assertThat(cs.sql("SELECT name FROM pragma_table_info('sessions') WHERE name = 'import_key'")).hasSize(1);
        // What 2.6.0 does on every open and insert still works: its column migrations fail harmlessly
        // (columns exist), and its INSERT without the new columns stores NULLs many times.
        cs.exec("INSERT INTO ai_usage (session_id, provider, model, tokens, cost, timestamp, agent_name) VALUES"
                        + " (1, 'x', 'y', 10, 0.1, '2026-01-01T00:00:02.000Z', NULL)",
                "INSERT INTO ai_usage (session_id, provider, model, tokens, cost, timestamp, agent_name) VALUES"
                        + " (1, 'x', 'y', 10, 0.1, '2026-01-01T00:00:03.000Z', NULL)");
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage").getFirst().get("n")).isEqualTo(3);
        assertThat(cs.json("status", "--json").path("aiUsage")).hasSize(3);
    }
}
