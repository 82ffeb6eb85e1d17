package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.HandRequest;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class GuardedDecoderTest {
    private static final int SNAPSHOT_ID = 3;
    private static final WriterSchemas REGISTRY = (subject, id) ->
        subject.equals(Topics.ROOM_STATE.valueSubject()) && id == SNAPSHOT_ID ? Topics.ROOM_STATE.valueSchema() : null;
    private final GuardedDecoder<RoomSnapshot> decoder =
        new GuardedDecoder<>(Topics.ROOM_STATE, REGISTRY, RecordValidator.DEFAULT);

    private static RoomSnapshot snapshot(String speaker) {
        Instant t = Instant.ofEpochMilli(1_000);
        return RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(t).setRoomId("r1").setUserId("alice")
            .setNonce("n1").setVersion(4)
            .setDetails(new RoomDetails("Jazz", "music", Visibility.PUBLIC, null, new RoomSettings(true, null, null, false), null))
            .setLifecycle(RoomLifecycle.LIVE).setCreatedBy("alice").setCreatedAt(t).setStartsAt(null).setStartedAt(t)
            .setLastActivityAt(t)
            .setParticipants(List.of(new Participant("alice", Role.MODERATOR, false, t, t),
                new Participant(speaker, Role.SPEAKER, false, t, t)))
            .setHandQueue(List.of(new HandRequest("carol", t))).setInvitedUserIds(List.of()).setBannedUserIds(List.of())
            .build();
    }

    private static byte[] wire(int id, SpecificRecord value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        new SpecificDatumWriter<SpecificRecord>(value.getSchema(), model).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void aValidSnapshotDecodes() throws IOException {
        RoomSnapshot snapshot = snapshot("bob");

        GuardedDecoder.Result<RoomSnapshot> result = decoder.decode(wire(SNAPSHOT_ID, snapshot));

        assertThat(result.rejection()).isNull();
        assertThat(result.value()).hasToString(snapshot.toString());
    }

    @Test
    void aSnapshotWithAnEmptyParticipantIsInvalid() throws IOException {
        assertThat(decoder.decode(wire(SNAPSHOT_ID, snapshot(""))).rejection())
            .isEqualTo(new Rejection(Reason.INVALID, "participants.userId is empty"));
    }

    @Test
    void aSnapshotWithADisguisedParticipantIsInvalid() throws IOException {
        assertThat(decoder.decode(wire(SNAPSHOT_ID, snapshot("bob\u202Eecila"))).rejection())
            .isEqualTo(new Rejection(Reason.INVALID, "participants.userId contains U+202E (a format character: "
                + "bidirectional control, zero-width or tag) at code point 3"));
    }

    @Test
    void anIdOfAnotherSubjectIsUnknown() throws IOException {
        assertThat(decoder.decode(wire(7, snapshot("bob"))).rejection().reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
    }

    @Test
    void everyTruncationOfAValidRecordIsRefusedWithoutThrowing() throws IOException {
        byte[] whole = wire(SNAPSHOT_ID, snapshot("bob"));
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            assertThat(decoder.decode(cut).ok()).as("truncated to %d bytes", length).isFalse();
        }
    }

    @Test
    void anArrayDeclaringMoreItemsThanBytesLeftIsRefusedBeforeDecoding() {
        org.apache.avro.Schema ids = org.apache.avro.SchemaBuilder.array().items().stringType();
        byte[] bomb = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 2, 'a'}; // count 2^31-1
        assertThat(AvroBounds.check(ids, bomb, 0, bomb.length).reason()).isEqualTo(Reason.LENGTH_EXCEEDS_RECORD);
    }
}
