import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { Posting, RecordedEvent } from '../api/types';
import { formatDateTime } from '../format/dates';
import { formatYuan } from '../format/money';
import { valueLabel } from '../i18n';
import { useSession } from '../session';

const short = (hash: string | undefined) => (hash ? `${hash.slice(0, 10)}…` : '—');

/** One event: type, dates, who, its postings and its hash link to the one before (checked here too). */
export function EventCard({ event, previous }: { event: RecordedEvent; previous: RecordedEvent | undefined }) {
  const { t, lang } = useSession();
  const meta = event.metadata;
  const linked = previous ? meta.prevHash === previous.metadata.hash : /^0+$/.test(meta.prevHash ?? '');
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid="timeline-event" data-position={event.position}>
      <Space wrap>
        <Tag color="blue">{event.type}</Tag>
        <span>#{event.position} · rev {event.revision}</span>
        <span>{t('effectiveDate')} {event.data.effectiveDate ?? meta.effectiveDate ?? '—'}</span>
        <span>{t('recordedAt')} {formatDateTime(event.recordedAt)}</span>
        <span>{t('actor')} {meta.actor} ({valueLabel(lang, meta.role)})</span>
      </Space>
      <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
        prev {short(meta.prevHash)} → hash {short(meta.hash)}{' '}
        <Tag color={linked ? 'green' : 'red'}>{linked ? t('chainOk') : t('chainBroken')}</Tag>
      </Typography.Text>
      {event.data.postings?.length ? <PostingsTable postings={event.data.postings} /> : null}
    </Space>
  );
}

export function PostingsTable({ postings }: { postings: Posting[] }) {
  return (
    <Table<Posting>
      size="small"
      pagination={false}
      rowKey={(p, i) => `${p.account}.${p.side}.${i ?? 0}`}
      dataSource={postings}
      columns={[
        { title: 'account', dataIndex: 'account' },
        { title: 'debit（元）', key: 'debit', align: 'right', render: (_: unknown, p) => (p.side === 'debit' ? formatYuan(p.amountYuan) : '') },
        { title: 'credit（元）', key: 'credit', align: 'right', render: (_: unknown, p) => (p.side === 'credit' ? formatYuan(p.amountYuan) : '') },
      ]}
    />
  );
}

/** Any object the API sends (a year-end breakdown, a quota): yuan fields formatted, the rest as sent. */
export function FieldsView({ value }: { value: Record<string, unknown> }) {
  return (
    <Descriptions size="small" bordered column={2}>
      {Object.entries(value).map(([key, item]) => (
        <Descriptions.Item key={key} label={key}>
          {renderValue(key, item)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

function renderValue(key: string, item: unknown): string {
  if (item === null || item === undefined) return '—';
  if (typeof item === 'string' && /Yuan$/.test(key)) return formatYuan(item);
  if (typeof item === 'object') return JSON.stringify(item);
  return String(item);
}
