package io.roomcast.schemas.compat;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The released versions of every value schema, kept in the repo as
 * {@code schemas/src/main/released/<subject>/v<N>.avsc} (full, self-contained schema text). The build
 * checks the current schemas against the latest released version of each subject
 * ({@code ReleasedSchemasTest}); a release adds a version for every subject that changed.
 *
 * <p>Release (after a compatible change is merged, before it is deployed):
 * {@code ./mvnw -q -pl schemas compile exec:java@release-schemas}
 */
public final class ReleasedSchemas {
    /** Where released versions live, relative to the {@code schemas} module. */
    public static final Path DEFAULT_DIR = Path.of("src/main/released");

    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private final Path dir;

    public ReleasedSchemas(Path dir) {
        this.dir = dir;
    }

    /**
     * @return the highest released version of {@code subject}, or empty if it was never released
     * @throws UncheckedIOException if the folder cannot be read
     * @throws org.apache.avro.SchemaParseException if a released file is not a valid schema
     */
    public Optional<Schema> latest(String subject) {
        return latestVersion(subject).map(v -> parse(file(subject, v)));
    }

    /**
     * Writes {@code v<N+1>.avsc} for {@code topic}'s value subject when its current schema differs
     * (full text: fields, defaults and docs) from the latest release.
     *
     * @return the file written, or empty if nothing changed
     */
    public Optional<Path> release(Topic<?, ?> topic) {
        Schema current = topic.valueSchema();
        String subject = topic.valueSubject();
        Optional<Integer> version = latestVersion(subject);
        if (version.isPresent() && sameText(parse(file(subject, version.get())), current)) {
            return Optional.empty();
        }
        Path target = file(subject, version.map(v -> v + 1).orElse(1));
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, current.toString(true) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(target);
    }

    private static boolean sameText(Schema a, Schema b) {
        return a.toString().equals(b.toString());
    }

    private Optional<Integer> latestVersion(String subject) {
        Path subjectDir = dir.resolve(subject);
        if (!Files.isDirectory(subjectDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(subjectDir)) {
            return files
                    .map(p -> VERSION_FILE.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String subject, int version) {
        return dir.resolve(subject).resolve("v" + version + ".avsc");
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Releases every catalog subject that changed; prints what it wrote. Args: [released dir]. */
    public static void main(String[] args) {
        ReleasedSchemas released = new ReleasedSchemas(args.length > 0 ? Path.of(args[0]) : DEFAULT_DIR);
        for (Topic<?, ?> topic : Topics.all()) {
            released.release(topic).ifPresent(p -> System.out.println("released " + p));
        }
    }
}
