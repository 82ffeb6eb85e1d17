-- A user's marks on rooms (issue 13, hidden rooms; issue 14, reminders): relation HIDES (the room never shows in the
-- user's hallway) or REMINDS (the user is reminded before the scheduled room starts). Rooms live in room-state, not
-- here: room_id is not a foreign key. Each change is reported as a social-graph ROOM edge through the outbox.
create table room_marks (
    user_id    text not null references users (id),
    relation   text not null check (relation in ('HIDES', 'REMINDS')),
    room_id    text not null,
    created_at bigint not null,
    primary key (user_id, relation, room_id)
);
