package io.roomcast.schemas;

import java.util.stream.Collectors;

/**
 * The README's topic table, generated from the catalog so the docs cannot drift from the code
 * ({@code ReadmeTopicTableTest} checks README.md holds exactly this text). Print it with
 * {@code ./mvnw -q -pl schemas compile exec:java@topic-table}.
 */
public final class TopicTable {
    private TopicTable() {}

    /** @return a Markdown table: topic, key, value, partitions, retention/compaction, producers, consumers */
    public static String markdown() {
        String header = """
            | topic | key | value (Avro, subject `<topic>-value`) | partitions | retention / compaction | written by | read by |
            | --- | --- | --- | --- | --- | --- | --- |
            """;
        return header + Topics.all().stream().map(TopicTable::row).collect(Collectors.joining("\n")) + "\n";
    }

    private static String row(Topic<?, ?> t) {
        String cleanup = switch (t.cleanupPolicy()) {
            case DELETE -> "delete after " + t.retention().toHours() + " h";
            case COMPACT -> "compacted (tombstones kept " + t.retention().toHours() + " h)";
        };
        return "| `%s` | %s | `%s` | %d | %s | %s | %s |".formatted(t.name(), cell(t.key()),
            t.valueType().getSimpleName(), t.partitions(), cleanup, cell(t.writtenBy()), cell(t.readBy()));
    }

    /** A table cell: a '|' inside it would end the cell, so it is escaped (GitHub Flavored Markdown, "Tables"). */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
