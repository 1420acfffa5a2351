import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatDate } from '../../lib/vn';
import { incomingApi, type AnswerHit } from './incoming.api';

/** "01/BNV-PC — V/v góp ý dự thảo quy chế, 21/11/2026" */
export const answerLabel = (h: AnswerHit) =>
  `${h.numberNotation} — ${h.subject}${h.issuedDate ? `, ${formatDate(h.issuedDate)}` : ''}`;

/** The text typed, once the user stops typing for `ms`. */
function useSettled(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * The issued outgoing document that answers an incoming one, searched on the server as the user types (number,
 * notation or subject, with or without diacritics; only documents the user may see). A form control (value = id).
 */
export default function AnswerSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
}) {
  const [typed, setTyped] = useState('');
  const q = useSettled(typed.trim());
  const [picked, setPicked] = useState<AnswerHit | null>(null);
  const hits = useQuery({
    queryKey: ['outgoing', 'issued-search', q],
    queryFn: () => incomingApi.searchAnswers(q),
    staleTime: 30_000,
  });
  const list = hits.data ?? [];
  // The chosen document keeps its label while the list shows other results.
  const shown = picked && value === picked.id && !list.some((h) => h.id === picked.id) ? [picked, ...list] : list;
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      value={value}
      placeholder="Gõ số, ký hiệu hoặc trích yếu (không cần dấu)"
      onSearch={setTyped}
      onChange={(v: string | undefined) => {
        setPicked(list.find((h) => h.id === v) ?? null);
        onChange?.(v);
      }}
      loading={hits.isFetching}
      notFoundContent={
        hits.isFetching ? (
          <Spin size="small" />
        ) : hits.isError ? (
          'Không tải được danh sách văn bản đi.'
        ) : (
          'Không có văn bản đi đã phát hành phù hợp.'
        )
      }
      options={shown.map((h) => ({ value: h.id, label: answerLabel(h) }))}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
