-- The relay sends rounds instead of numbering rows (issue 12's relay aim). Numbering every row with an
-- UPDATE ... RETURNING (V3's outbox_number) cost 40-100 ms per 2,000-row round on the build machine: a new
-- tuple version per row, in the table and in both partial indexes. A round is now recorded as ONE row: its
-- number and the ids of the outbox rows it sends, inserted on the leader's connection (the fence: if that
-- session is gone, the statement fails and nothing is sent) in the statement that selects them. Records carry
-- the outbox id in header roomcast-outbox-id. A new leader reads, for the rows of the rounds left in the table,
-- the tails of their partitions, deletes the rows found there and sends the rest.
--
-- Upgrade from V3: rows a V3 relay had numbered but not deleted are sent again by the new relay (their
-- records carried roomcast-outbox-seq, which the new leader does not read): at most the rounds in flight
-- when the old relay stopped, records of compacted state topics, where a repeat changes no state.

drop function outbox_number(bigint, integer);
drop function outbox_delete(bigint);
drop index outbox_unnumbered;
drop index outbox_numbered;
alter table outbox drop column relay_seq;

create table outbox_rounds (
    round bigint primary key,
    ids   bigint[] not null      -- outbox ids sent in this round, ascending
);

-- Records the next round (at most batch rows, the oldest by id not in a round already) as round round_no and
-- returns its rows by id. A row committed late with a smaller id than rows already sent is taken by the next
-- round: rows are never skipped. The exclusion is a hashed subplan over the ids of the rounds in flight (a
-- few thousand), the rows come from an index walk of the primary key.
create function outbox_next_round(round_no bigint, batch integer)
    returns table (id bigint, topic text, record_key text, value bytea)
    language sql
as $$
    with b as (select o.id, o.topic, o.record_key, o.value from outbox o
               where o.id not in (select unnest(r.ids) from outbox_rounds r)
               order by o.id limit batch),
         n as (insert into outbox_rounds (round, ids)
               select round_no, array_agg(b.id order by b.id) from b having count(*) > 0)
    select b.id, b.topic, b.record_key, b.value from b order by b.id
$$;

-- Deletes the rounds up to up_to (inclusive) and their outbox rows, in one statement: rounds Kafka
-- acknowledged, or whose records a new leader found on the topics.
create function outbox_delete_rounds(up_to bigint)
    returns void
    language sql
as $$
    with r as (delete from outbox_rounds where round <= up_to returning ids)
    delete from outbox where id in (select unnest(r.ids) from r)
$$;
