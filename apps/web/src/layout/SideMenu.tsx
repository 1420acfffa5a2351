import { useEffect, useState } from 'react';
import { Badge, Menu, type MenuProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/AuthProvider';
import { ADMIN_ITEMS, visibleMenu } from '../lib/labels';
import { MENU_ICONS } from './menuIcons';

type Item = Required<MenuProps>['items'][number];

/** The side menu: exactly the server's `me.menu` keys in contract order; Quản trị opens its sub-pages. */
export default function SideMenu({ onNavigate, collapsed = false }: { onNavigate?: () => void; collapsed?: boolean }) {
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const inAdmin = pathname.startsWith('/admin');
  const [openKeys, setOpenKeys] = useState<string[]>(inAdmin ? ['admin'] : []);

  useEffect(() => {
    if (inAdmin) setOpenKeys((k) => (k.includes('admin') ? k : [...k, 'admin']));
  }, [inAdmin]);

  // F1i: the number of incoming documents waiting for this user, refreshed every minute.
  const counts = useQuery({
    queryKey: ['incoming', 'counts'],
    queryFn: () => api.get<{ badge: number }>('/api/incoming/counts'),
    enabled: me.menu.includes('incoming'),
    refetchInterval: 60_000,
  });
  const badge = counts.data?.badge ?? 0;

  const items: Item[] = visibleMenu(me.menu).map((m) => {
    const label = (
      <>
        <span data-menu-key={m.key} className="menu-label">
          {m.label}
        </span>
        {m.key === 'incoming' && badge > 0 && (
          <span
            data-testid="incoming-badge"
            data-count={badge}
            aria-label={`${badge} văn bản đến cần xử lý`}
            style={{ marginInlineStart: 8 }}
          >
            <Badge count={badge} overflowCount={999} size="small" />
          </span>
        )}
      </>
    );
    if (m.key !== 'admin') return { key: m.path, icon: MENU_ICONS[m.key], label };
    return {
      key: 'admin',
      icon: MENU_ICONS.admin,
      label,
      children: ADMIN_ITEMS.filter((a) => !a.sysadminOnly || me.sysadmin).map((a) => ({
        key: a.path,
        icon: MENU_ICONS[a.key],
        label: <span data-admin-key={a.key}>{a.label}</span>,
      })),
    };
  });

  const selected = [...ADMIN_ITEMS.map((a) => a.path), ...visibleMenu(me.menu).map((m) => m.path)].find(
    (p) => p !== '/admin' && (pathname === p || pathname.startsWith(p + '/')),
  );

  return (
    <nav data-testid="side-menu" aria-label="Menu chính">
      <Menu
        mode="inline"
        theme="light"
        items={items}
        selectedKeys={selected ? [selected] : []}
        openKeys={collapsed ? undefined : openKeys}
        onOpenChange={(keys) => setOpenKeys(keys)}
        onClick={({ key }) => {
          navigate(key);
          onNavigate?.();
        }}
        className="side-menu"
      />
    </nav>
  );
}
