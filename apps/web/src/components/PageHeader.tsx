import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** The title bar of a page: title, optional subtitle and actions on the right. */
export default function PageHeader({
  title,
  subtitle,
  extra,
}: {
  title: string;
  subtitle?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <Typography.Title level={4} className="page-title">
          {title}
        </Typography.Title>
        {subtitle && <div className="page-subtitle">{subtitle}</div>}
      </div>
      {extra && <div className="page-header-extra">{extra}</div>}
    </div>
  );
}
