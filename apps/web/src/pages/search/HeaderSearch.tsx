import { useEffect, useRef, useState } from 'react';
import { Input, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';

/** The search box of the header (Ctrl+K focuses it): opens the search page with the typed words. */
export default function HeaderSearch({ compact }: { compact?: boolean }) {
  const nav = useNavigate();
  const [q, setQ] = useState('');
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Input
      ref={ref}
      data-testid="header-search"
      aria-label="Tìm kiếm (Ctrl+K)"
      placeholder={compact ? 'Tìm…' : 'Tìm văn bản, hồ sơ… (Ctrl+K)'}
      prefix={<SearchOutlined />}
      allowClear
      value={q}
      style={{ width: compact ? 120 : 300, marginRight: 8 }}
      onChange={(e) => setQ(e.target.value)}
      onPressEnter={() => {
        nav(`/search?q=${encodeURIComponent(q)}`);
      }}
    />
  );
}
