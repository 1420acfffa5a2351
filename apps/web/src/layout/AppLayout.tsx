import { Suspense, useState } from 'react';
import { Button, Drawer, Grid, Layout, Spin } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Outlet } from 'react-router-dom';
import { useMe } from '../auth/AuthProvider';
import { PRODUCT_NAME } from '../lib/labels';
import SideMenu from './SideMenu';
import UserMenu from './UserMenu';
import NotificationBell from './NotificationBell';
import HeaderSearch from '../pages/search/HeaderSearch';

/** Header + side menu (a drawer under 768 px) + the routed page. */
export default function AppLayout() {
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        {mobile ? (
          <Button
            type="text"
            className="header-icon"
            icon={<MenuOutlined />}
            aria-label="Mở menu"
            onClick={() => setDrawer(true)}
            data-testid="menu-toggle"
          />
        ) : (
          <Button
            type="text"
            className="header-icon"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? 'Mở rộng menu' : 'Thu gọn menu'}
            onClick={() => setCollapsed((c) => !c)}
          />
        )}
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            VT
          </span>
          <div className="brand-text">
            <div className="brand-product">{mobile ? 'vanthu' : PRODUCT_NAME}</div>
            <div className="brand-organ" data-testid="organ-name">
              {me.organ.name}
            </div>
          </div>
        </div>
        <div className="header-right">
          <HeaderSearch compact={mobile} />
          <NotificationBell />
          <UserMenu compact={mobile} />
        </div>
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider width={232} collapsedWidth={56} collapsed={collapsed} theme="light" className="app-sider">
            <SideMenu collapsed={collapsed} />
          </Layout.Sider>
        )}
        {mobile && (
          <Drawer
            placement="left"
            open={drawer}
            onClose={() => setDrawer(false)}
            width={272}
            title={me.organ.name}
            styles={{ body: { padding: 0 } }}
            rootClassName="menu-drawer"
          >
            <SideMenu onNavigate={() => setDrawer(false)} />
          </Drawer>
        )}
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
