-- The user/club API's system of record (social-api). Times are epoch ms (UTC); ids are text.

create table users (
    id              text primary key,                 -- the session token's subject
    username        text not null unique,             -- 3 to 30 of [a-z0-9_]
    display_name    text not null,
    bio             text,
    avatar_url      text,
    created_at      bigint not null,
    follower_count  bigint not null default 0,
    following_count bigint not null default 0,
    invites_left    integer not null,
    version         bigint not null default 1         -- +1 per change; the user-profiles record's version
);

create table invites (
    code        text primary key,
    inviter_id  text not null references users (id),
    created_at  bigint not null,
    used_by     text references users (id)
);

create table topics (
    slug     text primary key,                        -- <category>.<name>, e.g. tech.ai
    category text not null,
    name     text not null
);

create table clubs (
    id           text primary key,                    -- c-<uuid>
    name         text not null,
    description  text,
    topics       text[] not null,
    is_private   boolean not null,
    rules        text,
    created_by   text not null references users (id),
    created_at   bigint not null,
    member_count bigint not null default 0,
    version      bigint not null default 1            -- +1 per change; the clubs record's version
);

create table club_members (
    club_id   text not null references clubs (id),
    user_id   text not null references users (id),
    role      text not null check (role in ('admin', 'moderator', 'member')),
    joined_at bigint not null,
    primary key (club_id, user_id)
);

create table club_join_requests (
    club_id      text not null references clubs (id),
    user_id      text not null references users (id),
    requested_at bigint not null,
    primary key (club_id, user_id)
);

create table user_follows (
    follower_id text not null references users (id),
    followee_id text not null references users (id),
    created_at  bigint not null,
    primary key (follower_id, followee_id)
);
-- GET /users/{id}/followers: keyset pages, newest first.
create index user_follows_followers on user_follows (followee_id, created_at desc, follower_id desc);
-- GET /users/{id}/following: keyset pages, newest first.
create index user_follows_following on user_follows (follower_id, created_at desc, followee_id desc);

create table club_follows (
    user_id    text not null references users (id),
    club_id    text not null references clubs (id),
    created_at bigint not null,
    primary key (user_id, club_id)
);

create table topic_follows (
    user_id    text not null references users (id),
    topic_slug text not null references topics (slug),
    weight     double precision not null check (weight > 0 and weight <= 1),
    created_at bigint not null,
    primary key (user_id, topic_slug)
);

create table blocks (
    blocker_id text not null references users (id),
    blocked_id text not null references users (id),
    created_at bigint not null,
    primary key (blocker_id, blocked_id)
);

-- The transactional outbox: a row per Kafka record, inserted in the transaction of the change it reports,
-- after the change's own rows (so two changes of one key are ordered by the row lock). The relay (one
-- leader across gateway nodes) numbers rows with relay_seq before sending, sends in that order with the
-- number as header roomcast-outbox-seq, and deletes them once Kafka acknowledged.
create table outbox (
    id         bigserial primary key,
    topic      text not null,
    record_key text not null,
    value      bytea not null,                        -- plain Avro binary of the value (OutboxValues)
    created_at bigint not null,
    relay_seq  bigint
);
create index outbox_unnumbered on outbox (id) where relay_seq is null;
create index outbox_numbered on outbox (relay_seq) where relay_seq is not null;
