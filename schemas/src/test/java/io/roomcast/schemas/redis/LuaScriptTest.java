package io.roomcast.schemas.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The digest EVALSHA names; the NOSCRIPT fallback runs against real Redis in RedisReadModelIT. */
class LuaScriptTest {

    @Test
    void theDigestIsTheOneScriptLoadAnswers() {
        // Redis docs, SCRIPT LOAD: "return 1" -> e0e1f9fabfc9d4800c877a703b823ac0578ff8db
        assertThat(new LuaScript("return 1").sha()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void aBlankScriptIsRefused() {
        assertThatThrownBy(() -> new LuaScript(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
