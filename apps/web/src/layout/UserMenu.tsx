import { lazy, Suspense, useState } from 'react';
import { App, Avatar, Button, Dropdown, type MenuProps } from 'antd';
import {
  ApiOutlined,
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyOutlined,
  UserOutlined,
  DisconnectOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../auth/auth.api';
import { useAuth, useMe } from '../auth/AuthProvider';
import { useNotify } from '../components/useNotify';

const ChangePasswordModal = lazy(() => import('../account/ChangePasswordModal'));
const TotpModal = lazy(() => import('../account/TotpModal'));
const ApiTokensModal = lazy(() => import('../account/ApiTokensModal'));

type Dialog = 'password' | 'totp' | 'tokens' | null;

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return (words[words.length - 1] ?? '?').charAt(0).toUpperCase();
}

export default function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { signedOut } = useAuth();
  const { fail } = useNotify();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const primary = me.memberships.find((m) => m.primary) ?? me.memberships[0];

  async function logout(all: boolean) {
    try {
      await (all ? authApi.logoutAll() : authApi.logout());
    } catch (e) {
      fail(e);
      return;
    }
    signedOut();
    navigate('/login', { replace: true });
  }

  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <div className="user-card">
          <div className="user-card-name">{me.fullName}</div>
          <div className="user-card-sub">
            {me.username}
            {primary ? ` · ${primary.positionName}, ${primary.unitName}` : ''}
          </div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: 'Đổi mật khẩu' },
    {
      key: 'totp',
      icon: <SafetyOutlined />,
      label: me.totpEnabled ? 'Xác thực hai lớp (đang bật)' : 'Xác thực hai lớp',
    },
    { key: 'tokens', icon: <ApiOutlined />, label: 'Mã truy cập API' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: 'Đăng xuất' },
    { key: 'logout-all', icon: <DisconnectOutlined />, label: 'Đăng xuất mọi thiết bị', danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password' || key === 'totp' || key === 'tokens') setDialog(key);
    else if (key === 'logout') void logout(false);
    else if (key === 'logout-all') {
      modal.confirm({
        title: 'Đăng xuất mọi thiết bị?',
        content: 'Mọi phiên đăng nhập của bạn (kể cả trên thiết bị khác) sẽ kết thúc.',
        okText: 'Đăng xuất tất cả',
        cancelText: 'Hủy',
        okButtonProps: { danger: true },
        onOk: () => logout(true),
      });
    }
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button type="text" className="user-button" aria-label={`Tài khoản: ${me.fullName}`} data-testid="user-menu">
          <Avatar size="small" className="user-avatar" icon={compact ? <UserOutlined /> : undefined}>
            {compact ? null : initials(me.fullName)}
          </Avatar>
          {!compact && <span className="user-name">{me.fullName}</span>}
          <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
      <Suspense fallback={null}>
        {dialog === 'password' && <ChangePasswordModal open onClose={() => setDialog(null)} />}
        {dialog === 'totp' && <TotpModal open onClose={() => setDialog(null)} />}
        {dialog === 'tokens' && <ApiTokensModal open onClose={() => setDialog(null)} />}
      </Suspense>
    </>
  );
}
