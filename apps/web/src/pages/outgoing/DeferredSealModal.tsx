/**
 * "Đóng dấu số bằng thiết bị ký (USB token)" at issue: the organ's key stays on the token the văn thư holds
 * (vanthu-signer on this computer), as DeferredSignModal does for the signer's own key.
 * 1. The server answers what is sealed (the signed file), where the seal goes and the reason (nothing is stored).
 * 2. AgentSignButton seals that file through vanthu-signer (signing session, appearance 'seal').
 * 3. The sealed file goes back to the outgoing module, which checks it is the signed file plus the organ's
 *    signature, then issues the document to its recipients.
 */
import { Alert, Button, Descriptions, Modal, Space, Spin, Steps, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../components/errors';
import AgentSignButton from '../../components/signing/AgentSignButton';
import { fileUrl, outgoingApi, type OutgoingDoc } from './outgoing.api';

interface Props {
  doc: Pick<OutgoingDoc, 'id' | 'numberNotation' | 'signedByName' | 'signRank' | 'recipients'>;
  onCancel: () => void;
  onIssued: () => void;
}

export default function DeferredSealModal({ doc, onCancel, onIssued }: Props) {
  const prepared = useQuery({
    queryKey: ['outgoing', 'prepare-seal', doc.id],
    queryFn: () => outgoingApi.prepareSeal(doc.id),
    gcTime: 0,
    retry: false,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const complete = async (sealedFileId: string) => {
    setBusy(true);
    setError(null);
    try {
      await outgoingApi.completeSeal(doc.id, sealedFileId);
      onIssued();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const p = prepared.data;
  const origin = window.location.origin;
  const recipients = doc.recipients.filter((r) => r.status !== 'withdrawn').length;

  return (
    <Modal
      open
      title="Đóng dấu số bằng thiết bị ký (USB token)"
      footer={
        <Button onClick={onCancel} disabled={busy}>
          Đóng
        </Button>
      }
      onCancel={busy ? undefined : onCancel}
      maskClosable={false}
      width={640}
      destroyOnHidden
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="deferred-seal">
        <Steps
          size="small"
          current={busy ? 2 : 1}
          items={[{ title: 'Bản đã ký' }, { title: 'Đóng dấu bằng vanthu-signer' }, { title: 'Phát hành' }]}
        />
        {prepared.isLoading && <Spin />}
        {prepared.error && <Alert type="error" showIcon message={errorMessage(prepared.error)} />}
        {p && (
          <>
            <Descriptions size="small" column={1} bordered labelStyle={{ width: 150 }}>
              <Descriptions.Item label="Số, ký hiệu">
                <span data-testid="seal-number">{p.numberNotation}</span>
              </Descriptions.Item>
              <Descriptions.Item label="Người ký">
                {doc.signedByName ? `${doc.signRank ? `${doc.signRank}. ` : ''}${doc.signedByName}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="Bản sẽ đóng dấu">
                <Typography.Link href={fileUrl(doc.id, p.signedFileId)} target="_blank">
                  Xem bản đã ký
                </Typography.Link>
              </Descriptions.Item>
              <Descriptions.Item label="Nơi nhận">
                {recipients > 0 ? `${recipients} nơi nhận (gửi ngay sau khi đóng dấu)` : 'Chưa có nơi nhận'}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ margin: 0 }}>
              Dấu của cơ quan được đặt trùm lên khoảng một phần ba bên trái chữ ký của người ký, kèm chữ ký số của cơ
              quan (lý do: “{p.reason}”). Hãy dùng thiết bị ký chứa <b>chứng thư số của cơ quan</b>, không dùng chứng
              thư cá nhân; khoá bí mật không rời khỏi máy tính này. Sau khi đóng dấu, văn bản được phát hành ngay.
            </Typography.Paragraph>
            <AgentSignButton
              fileId={p.signedFileId}
              appearance={p.appearance}
              reason={p.reason}
              label="Đóng dấu bằng thiết bị ký"
              onSigned={(r) => void complete(r.fileId)}
            />
          </>
        )}
        {busy && <Alert type="info" showIcon message="Đang kiểm tra chữ ký số của cơ quan và phát hành…" />}
        {error && <Alert type="error" showIcon message={error} data-testid="deferred-seal-error" />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Cần chạy vanthu-signer trên máy này (cổng 7543) với thiết bị ký của cơ quan, ví dụ:{' '}
          <Typography.Text
            code
            copyable
            style={{ fontSize: 12 }}
          >{`vanthu-signer --pkcs11 <thư viện PKCS#11 của token> --token <nhãn token> --pin <mã PIN> --key <nhãn khoá của cơ quan> --allow-origin ${origin}`}</Typography.Text>
        </Typography.Text>
      </Space>
    </Modal>
  );
}
