import { Alert, Button, Card, Collapse, Input, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api/client';
import type { EventPage, RecordedEvent, VerifyResult } from '../api/types';
import { EmptyState, ProblemAlert } from '../components/common';
import { EventCard } from '../components/EventCard';
import { setQuery, type Route } from '../router';
import { useSession } from '../session';

const PAGE_LIMIT = 100;

/** An event is before the as-of point when its position (or its recorded time) is at or before it. */
function beforeAsOf(event: RecordedEvent, asOf: ReturnType<typeof useSession>['asOf']): boolean {
  if (!asOf) return true;
  if (asOf.kind === 'position') return BigInt(event.position) <= BigInt(asOf.value);
  return new Date(event.recordedAt).getTime() <= new Date(asOf.value).getTime();
}

export function Audit({ route }: { route: Route }) {
  const { t, asOf } = useSession();
  const stream = route.query.get('stream') ?? '';
  const fromRevision = route.query.get('fromRevision') ?? '0';
  const [draft, setDraft] = useState(stream);
  const verify = useQuery({ queryKey: ['verify', stream], enabled: false, queryFn: () => apiGet<VerifyResult>('/audit/verify', stream ? { stream } : {}) });
  const page = useQuery({
    queryKey: ['audit-events', stream, fromRevision],
    enabled: stream !== '',
    queryFn: () => apiGet<EventPage>(`/audit/streams/${encodeURIComponent(stream)}/events`, { fromRevision, limit: PAGE_LIMIT }),
  });
  const shown = (page.data?.events ?? []).filter((e) => beforeAsOf(e, asOf));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('verify')} size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            <Button type="primary" data-testid="verify" onClick={() => void verify.refetch()} loading={verify.isFetching}>{t('verify')}</Button>
            <span style={{ color: '#888' }}>{t('liveVerify')}</span>
          </Space>
          <ProblemAlert error={verify.error} />
          {verify.data ? (
            <Alert
              data-testid="verify-result"
              type={verify.data.ok ? 'success' : 'error'}
              showIcon
              title={`${verify.data.ok ? t('verifyOk') : t('verifyBroken')} · ${t('eventsChecked')} ${verify.data.eventsChecked} · ${t('streamsChecked')} ${verify.data.streamsChecked}`}
              description={verify.data.firstBreak ? JSON.stringify(verify.data.firstBreak) : undefined}
            />
          ) : null}
        </Space>
      </Card>
      <Card title={t('stream')} size="small">
        <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
          <Input data-testid="stream-input" placeholder={t('enterStream')} value={draft} onChange={(e) => setDraft(e.target.value)} onPressEnter={() => setQuery({ stream: draft.trim(), fromRevision: undefined })} />
          <Button data-testid="stream-browse" onClick={() => setQuery({ stream: draft.trim(), fromRevision: undefined })}>{t('browse')}</Button>
        </Space.Compact>
        <ProblemAlert error={page.error} />
        {!stream ? <EmptyState text={t('enterStream')} /> : null}
        <Collapse
          items={shown.map((event, i) => ({
            key: event.id,
            label: <EventCard event={event} previous={i > 0 ? shown[i - 1] : undefined} />,
            children: <pre data-testid="event-metadata" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ data: event.data, metadata: event.metadata }, null, 2)}</pre>,
          }))}
        />
        {page.data?.nextFromRevision ? (
          <Button style={{ marginTop: 12 }} onClick={() => setQuery({ fromRevision: page.data?.nextFromRevision ?? undefined })}>{t('next')}</Button>
        ) : null}
      </Card>
    </Space>
  );
}
