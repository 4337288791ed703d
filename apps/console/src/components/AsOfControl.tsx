import { Button, DatePicker, InputNumber, Segmented, Space, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatDateTime } from '../format/dates';
import { useSession } from '../session';

/**
 * The one as-of control: every screen's reads take it (asOf on the read models; the hospital-year's write
 * model folds to the same position). A recorded instant is sent with the +08:00 offset it was picked in.
 */
export function AsOfControl() {
  const { t, asOf, setAsOf } = useSession();
  const [kind, setKind] = useState<'time' | 'position'>(asOf?.kind ?? 'time');
  const [time, setTime] = useState<Dayjs | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const apply = () => {
    if (kind === 'time' && time) setAsOf({ kind: 'time', value: `${time.format('YYYY-MM-DDTHH:mm:ss')}+08:00` });
    if (kind === 'position' && position !== null) setAsOf({ kind: 'position', value: String(position) });
  };
  if (asOf) {
    const label = asOf.kind === 'time' ? formatDateTime(asOf.value) : `#${asOf.value}`;
    return (
      <Space>
        <Tooltip title={t('asOfHint')}>
          <Tag color="volcano" data-testid="as-of-active" style={{ fontSize: 14, padding: '2px 8px' }}>
            {t('asOfActive')} {label}
          </Tag>
        </Tooltip>
        <Button size="small" onClick={() => setAsOf(undefined)} data-testid="as-of-clear">
          {t('clear')}
        </Button>
      </Space>
    );
  }
  return (
    <Space data-testid="as-of-control">
      <span style={{ color: '#fff' }}>{t('asOf')}</span>
      <Segmented
        size="small"
        value={kind}
        onChange={(value) => setKind(value as 'time' | 'position')}
        options={[
          { label: t('asOfTime'), value: 'time' },
          { label: t('asOfPosition'), value: 'position' },
        ]}
      />
      {kind === 'time' ? (
        <DatePicker showTime size="small" value={time} onChange={setTime} maxDate={dayjs().add(1, 'day')} data-testid="as-of-time" />
      ) : (
        <InputNumber size="small" min={0} precision={0} value={position} onChange={(value) => setPosition(value)} data-testid="as-of-position" />
      )}
      <Button size="small" type="primary" onClick={apply} data-testid="as-of-apply">
        {t('apply')}
      </Button>
    </Space>
  );
}
