-- The notification inbox and preferences (notification-inbox, served by the gateway; written by
-- notification-worker's inbox projector), in their own schema. Times are epoch ms (UTC).

create schema if not exists notify;

-- One row per notification, stored once by its event id (the notifications record's eventId, derived from its
-- dedup key), whatever the number of deliveries of the record.
create table notify.inbox (
    event_id    uuid primary key,
    seq         bigserial not null unique,            -- insertion order: the list's order and cursor
    user_id     text not null,                        -- the recipient
    occurred_at bigint not null,
    kind        text not null,                        -- NotificationKind
    actor_id    text,
    room_id     text,
    club_id     text,
    title       text not null,
    body        text not null,
    count       integer
);
create index inbox_by_user on notify.inbox (user_id, seq desc);

-- How far each user has read: every notification with seq <= read_up_to is read.
create table notify.read_marks (
    user_id    text primary key,
    read_up_to bigint not null
);

-- Each user's preferences (PUT /users/me/notification-settings); every change also goes to the
-- notification-settings topic through the outbox.
create table notify.settings (
    user_id         text primary key,
    version         bigint not null,
    muted_user_ids  text[] not null,
    muted_club_ids  text[] not null,
    frequency       text not null,                    -- ALL, NORMAL, RARELY
    quiet_start     integer,                          -- minutes after midnight in time_zone
    quiet_end       integer,
    time_zone       text not null,
    updated_at      bigint not null
);
