import { Select, Space } from 'antd';
import { BankOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useMe } from '../../auth/AuthProvider';
import { viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';

/** For the system administrator: which organ the admin screens act on (?organId=). */
export default function OrganPicker() {
  const me = useMe();
  const { api, organId, setOrganId } = useAdmin();
  const organs = useQuery({ queryKey: ['admin', 'organs'], queryFn: api.organs, enabled: me.sysadmin });
  if (!me.sysadmin) return null;
  const options = [...(organs.data ?? [])]
    .sort((a, b) => viCompare(a.name, b.name))
    .map((o) => ({ value: o.id, label: `${o.name} (${o.code})` }));
  return (
    <Space className="organ-picker" wrap>
      <BankOutlined />
      <span>Cơ quan đang quản trị:</span>
      <Select
        size="small"
        style={{ minWidth: 280 }}
        value={organId ?? me.organ.id}
        options={options}
        loading={organs.isPending}
        showSearch
        optionFilterProp="label"
        onChange={(v: string) => setOrganId(v === me.organ.id ? undefined : v)}
        aria-label="Cơ quan đang quản trị"
      />
    </Space>
  );
}
