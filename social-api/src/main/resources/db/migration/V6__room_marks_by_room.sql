-- The marks of one room, found when the room ends (RoomEndedMarks: they are forgotten then).
create index room_marks_by_room on room_marks (room_id);
