-- The outbox relay's two statements (OutboxRelay), as functions so that their plans are always index walks.
-- The outbox is a queue: its statistics are nearly always stale (rows come and go by the thousand between two
-- ANALYZEs), and with stale statistics PostgreSQL numbered a round by reading EVERY unnumbered row (bitmap heap
-- scan + sort, then a seq scan for the join): a cost that grows with the backlog, paid every round (measured on
-- 100,000 rows: 45 ms per 2,000-row round, against 20 ms with the index walk; docs/benchmarks.md). The SET
-- clauses apply only while the function runs (never to the pooled connection); disabling a plan type only makes
-- it the last choice, so a plan always exists.

-- Numbers the oldest unnumbered rows (at most batch, by id) next_seq, next_seq + 1, ... and returns them
-- (in no particular order: the caller sorts by relay_seq).
create function outbox_number(next_seq bigint, batch integer)
    returns table (relay_seq bigint, topic text, record_key text, value bytea)
    language sql
    set enable_seqscan = off
    set enable_bitmapscan = off
    set enable_sort = off
as $$
    update outbox o set relay_seq = next_seq + b.rn - 1
    from (select u.id, row_number() over (order by u.id) rn
          from outbox u where u.relay_seq is null order by u.id limit batch) b
    where o.id = b.id
    returning o.relay_seq, o.topic, o.record_key, o.value
$$;

-- Deletes the rows numbered up to up_to (inclusive): rows Kafka acknowledged, or found on the topics.
create function outbox_delete(up_to bigint)
    returns void
    language sql
    set enable_seqscan = off
    set enable_bitmapscan = off
as $$
    delete from outbox where relay_seq is not null and relay_seq <= up_to
$$;
