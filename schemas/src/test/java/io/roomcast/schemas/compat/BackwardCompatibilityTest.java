package io.roomcast.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.junit.jupiter.api.Test;

class BackwardCompatibilityTest {

    private static final Schema RELEASED = RoomEvent.getClassSchema();

    @Test
    void aNewFieldWithADefaultIsBackwardCompatible() {
        Schema next = withExtraField(new Field("region", Schema.create(Schema.Type.STRING),
                "Region of the room's origin edge.", "unknown"));

        assertThat(BackwardCompatibility.problems(RELEASED, next)).isEmpty();
    }

    @Test
    void aNewRequiredFieldIsNotBackwardCompatible() {
        Schema next = withExtraField(new Field("region", Schema.create(Schema.Type.STRING),
                "Region of the room's origin edge.", (Object) null));

        assertThat(BackwardCompatibility.problems(RELEASED, next))
                .singleElement()
                .asString()
                .contains("READER_FIELD_MISSING_DEFAULT")
                .contains("region");
    }

    @Test
    void anOptionalFieldWithNullDefaultIsBackwardCompatible() {
        Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema next = withExtraField(new Field("region", optional, "Region, if known.", JsonProperties.NULL_VALUE));

        assertThat(BackwardCompatibility.problems(RELEASED, next)).isEmpty();
    }

    /** RoomEvent as released plus one field: what a developer's edit of room-events.avsc gives. */
    private static Schema withExtraField(Field extra) {
        List<Field> fields = new ArrayList<>();
        for (Field f : RELEASED.getFields()) {
            fields.add(new Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(RELEASED.getName(), RELEASED.getDoc(), RELEASED.getNamespace(), false, fields);
    }
}
