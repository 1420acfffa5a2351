import type { ReactNode } from 'react';
import {
  AuditOutlined, CalendarOutlined, ClusterOutlined, ContainerOutlined, ExportOutlined, FolderOpenOutlined, ImportOutlined,
  BarChartOutlined, SettingOutlined, ShopOutlined, TeamOutlined, IdcardOutlined, BankOutlined, GlobalOutlined, ScheduleOutlined, ThunderboltOutlined, SwapOutlined,
  BookOutlined, TagsOutlined, SafetyCertificateOutlined,
} from '@ant-design/icons';

export const MENU_ICONS: Record<string, ReactNode> = {
  incoming: <ImportOutlined />,
  outgoing: <ExportOutlined />,
  workfiles: <FolderOpenOutlined />,
  archive: <ContainerOutlined />,
  calendar: <CalendarOutlined />,
  reports: <BarChartOutlined />,
  onestop: <ShopOutlined />,
  admin: <SettingOutlined />,
  units: <ClusterOutlined />,
  users: <TeamOutlined />,
  positions: <IdcardOutlined />,
  'external-organs': <GlobalOutlined />,
  organs: <BankOutlined />,
  audit: <AuditOutlined />,
  exchange: <SwapOutlined />,
  'hub-systems': <ClusterOutlined />,
  signing: <SafetyCertificateOutlined />,
  jobs: <ThunderboltOutlined />,
  holidays: <ScheduleOutlined />,
  registers: <BookOutlined />,
  'doc-types': <TagsOutlined />,
};
