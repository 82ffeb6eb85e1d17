package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** README's dead-letter reason table lists exactly the {@link Reason} codes, with their meanings. */
class ReadmeReasonTableTest {
    @Test
    void readmeListsEveryReasonCode() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));

        Arrays.stream(Reason.values()).forEach(reason -> assertThat(readme)
            .contains("| `" + reason.code() + "` | " + reason.meaning() + " |"));
        String table = readme.substring(readme.indexOf("| reason code | meaning |"));
        table = table.substring(0, table.indexOf("\n\n"));
        assertThat(table.lines().filter(l -> l.matches("\\| `[a-z_]+` \\| .*"))
            .filter(l -> Arrays.stream(Reason.values()).noneMatch(r -> l.startsWith("| `" + r.code() + "`"))))
            .as("rows for codes that do not exist").isEmpty();
    }
}
