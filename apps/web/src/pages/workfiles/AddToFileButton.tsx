import { Button, Modal, Select } from 'antd';
import { FolderAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify } from '../../components/useNotify';
import { workfilesApi } from './workfiles.api';

/** "Đưa vào hồ sơ" for an incoming or outgoing document page: pick one of my open files by typing (no diacritics needed). */
export default function AddToFileButton({ kind, refId }: { kind: 'incoming' | 'outgoing'; refId: string }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [fileId, setFileId] = useState<string | undefined>();
  const { ok, fail } = useNotify();
  const hits = useQuery({ queryKey: ['workfiles', 'pick', q], queryFn: () => workfilesApi.pick(q), enabled: open });
  return (
    <>
      <Button icon={<FolderAddOutlined />} onClick={() => setOpen(true)}>
        Đưa vào hồ sơ
      </Button>
      <Modal
        open={open}
        title="Đưa vào hồ sơ"
        okText="Đưa vào"
        cancelText="Hủy"
        okButtonProps={{ disabled: !fileId }}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          try {
            const r = await workfilesApi.addMember(fileId!, { kind, refId });
            ok(`Đã đưa vào hồ sơ (số thứ tự ${r.ordinal}).`);
            setOpen(false);
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Select
          showSearch
          aria-label="Chọn hồ sơ"
          placeholder="Gõ mã hoặc tiêu đề hồ sơ"
          style={{ width: '100%' }}
          filterOption={false}
          onSearch={setQ}
          value={fileId}
          onChange={setFileId}
          loading={hits.isFetching}
          notFoundContent="Không có hồ sơ đang mở phù hợp"
          options={(hits.data ?? []).map((f) => ({
            value: f.id,
            label: `${f.code} — ${f.title} (${f.memberCount} văn bản)`,
          }))}
        />
      </Modal>
    </>
  );
}
