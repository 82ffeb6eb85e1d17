package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/protocol.md's "Text rules" table states the limits {@link TextRules} holds. */
class TextRulesDocTest {

    @Test
    void theDocumentedLimitsAreTheRules() throws Exception {
        String doc = Files.readString(Path.of("../docs/protocol.md"));
        String section = doc.substring(doc.indexOf("### Text rules"));
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\([a-z]+\\) \\| (\\d+) \\| (\\d+) \\|").matcher(section);
        Map<String, List<Integer>> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), List.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        }
        Map<String, List<Integer>> rules = new LinkedHashMap<>();
        for (TextRules r : List.of(TextRules.TITLE, TextRules.TOPIC)) {
            rules.put(r.field(), List.of(r.maxCodePoints(), r.maxUtf8Bytes()));
        }
        assertThat(documented).isEqualTo(rules);
        assertThat(section).contains("more than **" + TextRules.MAX_COMBINING_RUN + " combining marks");
    }
}
