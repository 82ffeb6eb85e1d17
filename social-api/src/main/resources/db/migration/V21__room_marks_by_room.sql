-- The marks of one room, found when the room ends (EndedRoomMarks: they are forgotten then).
-- Numbered after notification-inbox's V20: both modules' migrations share the gateway database's Flyway history,
-- so a new migration of either takes the next number above every migration already released (an existing
-- database refuses a lower one as out of order).
create index room_marks_by_room on room_marks (room_id);
