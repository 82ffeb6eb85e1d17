import { useEffect, useState } from 'react';
import { Alert, Card, Group, Loader, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router';
import { search, type SearchResult, type SearchType, type Session } from '../api';
import { restErrorText } from '../reasons';
import { UserText } from '../text';

// Search as you type (`GET /search`, docs/protocol.md "Search"): the query goes out once typing pauses for
// DEBOUNCE_MS, an older answer is dropped (aborted) when a newer query is sent. The text is the input's own state
// (held in the URL, each keystroke would wait for a navigation and typed characters could be lost); what was searched
// is written to the URL, so a reload or a shared link searches again.
const DEBOUNCE_MS = 250;
/** `q` at most (openapi `search`, setting roomcast.gateway.search.max-query-chars). */
const MAX_QUERY_CHARS = 200;
const TYPES: { value: SearchType; label: string }[] = [
  { value: 'rooms', label: 'Rooms' }, { value: 'users', label: 'People' }, { value: 'clubs', label: 'Clubs' },
];

export function SearchPage({ session }: { session: Session }) {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [type, setType] = useState((params.get('type') ?? 'rooms') as SearchType);
  const [debounced] = useDebouncedValue(q.trim(), DEBOUNCE_MS);
  const [results, setResults] = useState<{ for: string; items: SearchResult[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${type}:${debounced}`;

  // setParams is left out of the dependencies: it changes with the URL it writes.
  useEffect(() => setParams({ q: debounced, type }, { replace: true }), [debounced, type]); // eslint-disable-line

  useEffect(() => {
    setError(null);
    if (!debounced) return;
    const abort = new AbortController();
    search(session, type, debounced, abort.signal).then((r) => setResults({ for: key, items: r.results }), (e) => {
      if (!abort.signal.aborted) setError(restErrorText(e));
    });
    return () => abort.abort();
  }, [session, type, debounced, key]);

  const current = results?.for === key ? results.items : null;
  return (
    <Stack component="section" aria-label="Search">
      <Title order={2}>Search</Title>
      <TextInput label="Search rooms, people and clubs" type="search" value={q} maxLength={MAX_QUERY_CHARS}
        onChange={(e) => setQ(e.currentTarget.value)} autoFocus />
      <SegmentedControl aria-label="What to search" value={type} data={TYPES} onChange={(v) => setType(v as SearchType)} />
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {debounced && !current && !error && <Loader size="sm" aria-label="Searching" />}
      {current && current.length === 0 && <Text c="gray.7">Nothing found.</Text>}
      {current && current.length > 0 && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Results">
          {current.map((r) => <li key={r.id}><Result type={type} result={r} /></li>)}
        </Stack>
      )}
    </Stack>
  );
}

function Result({ type, result: r }: { type: SearchType; result: SearchResult }) {
  if (type === 'rooms') {
    return (
      <Card withBorder component={Link} to={`/room/${encodeURIComponent(r.id)}`} data-testid="search-result">
        <UserText fw={600} lines={2}>{r.title ?? r.id}</UserText>
        <Group gap="md">
          {r.topic && <Text size="sm" c="gray.7">{r.topic}</Text>}
          <Text size="sm" c="gray.7">
            {r.lifecycle === 'scheduled' && r.starts_at
              ? `Starts ${new Date(r.starts_at).toLocaleString()}` : `Live, ${r.listeners ?? 0} listening`}
          </Text>
        </Group>
      </Card>
    );
  }
  if (type === 'users') {
    return (
      <Card withBorder component={Link} to={`/user/${encodeURIComponent(r.id)}`} data-testid="search-result">
        <UserText fw={600}>{r.display_name ?? r.id}</UserText>
        <Text size="sm" c="gray.7">@{r.username}</Text>
        {r.bio && <UserText size="sm" lines={2}>{r.bio}</UserText>}
      </Card>
    );
  }
  return (
    <Card withBorder component={Link} to={`/club/${encodeURIComponent(r.id)}`} data-testid="search-result">
      <UserText fw={600}>{r.name ?? r.id}</UserText>
      {r.description && <UserText size="sm" lines={2}>{r.description}</UserText>}
      <Text size="sm" c="gray.7">{r.member_count ?? 0} members</Text>
    </Card>
  );
}
