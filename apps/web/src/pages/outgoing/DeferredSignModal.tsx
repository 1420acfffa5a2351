/**
 * "Ký số (USB token)" of the signing step: the signer's key stays on their token (vanthu-signer on this computer).
 * 1. The server takes the number (or keeps the one already given), writes number and date into the final PDF.
 * 2. AgentSignButton signs that prepared file through vanthu-signer (signing session on the server).
 * 3. The signed file goes back to the outgoing module, which checks it is the prepared file signed by this user.
 */
import { Alert, Button, Descriptions, Input, Modal, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../components/errors';
import AgentSignButton from '../../components/signing/AgentSignButton';
import RemoteSignPanel from '../../components/signing/RemoteSignPanel';
import { formatDate } from '../../lib/vn';
import { fileUrl, outgoingApi, type PreparedSign } from './outgoing.api';

interface Props {
  docId: string;
  /** The number already on the document (a preparation that was not signed keeps it). */
  numberNotation: string | null;
  /** 'token': vanthu-signer on this computer (USB token); 'remote': the organ's remote signing service with an OTP. */
  mode?: 'token' | 'remote';
  onCancel: () => void;
  onSigned: () => void;
}

export default function DeferredSignModal({ docId, numberNotation, mode = 'token', onCancel, onSigned }: Props) {
  const remote = mode === 'remote';
  const [prepared, setPrepared] = useState<PreparedSign | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState('');

  const prepare = async () => {
    setBusy(true);
    setError(null);
    try {
      setPrepared(await outgoingApi.prepareSign(docId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const complete = async (signedFileId: string) => {
    setBusy(true);
    setError(null);
    try {
      await outgoingApi.completeSign(docId, signedFileId, comment.trim() || undefined);
      onSigned();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const origin = window.location.origin;

  return (
    <Modal
      open
      title={remote ? 'Ký số từ xa' : 'Ký số bằng thiết bị ký (USB token)'}
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
      <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="deferred-sign">
        <Steps
          size="small"
          current={prepared ? 1 : 0}
          items={[
            { title: 'Cấp số, ghi số và ngày' },
            { title: remote ? 'Xác nhận bằng mã OTP' : 'Ký bằng vanthu-signer' },
            { title: 'Ghi nhận' },
          ]}
        />
        {!prepared ? (
          <>
            <Typography.Paragraph style={{ margin: 0 }}>
              Hệ thống{' '}
              {numberNotation ? (
                <>
                  giữ số đã cấp <b>{numberNotation}</b>
                </>
              ) : (
                'cấp số từ sổ văn bản đi'
              )}
              , ghi số và ngày vào bản PDF cuối.{' '}
              {remote
                ? 'Sau đó bạn ký bản này bằng chứng thư số ký từ xa, xác nhận bằng mã OTP gửi tới bạn.'
                : 'Sau đó bạn ký bản này bằng chứng thư số trên thiết bị ký của mình; khoá bí mật không rời khỏi máy tính này.'}
            </Typography.Paragraph>
            <Button type="primary" loading={busy} onClick={prepare} autoFocus>
              {numberNotation ? 'Chuẩn bị ký (giữ số đã cấp)' : 'Cấp số và chuẩn bị ký'}
            </Button>
          </>
        ) : (
          <>
            <Descriptions size="small" column={1} bordered labelStyle={{ width: 140 }}>
              <Descriptions.Item label="Số, ký hiệu">
                <span data-testid="prepared-number">{prepared.numberNotation}</span>
              </Descriptions.Item>
              <Descriptions.Item label="Ngày ban hành">{formatDate(prepared.date)}</Descriptions.Item>
              <Descriptions.Item label="Bản sẽ ký">
                <Typography.Link href={fileUrl(docId, prepared.preparedFileId)} target="_blank">
                  Xem bản PDF đã ghi số
                </Typography.Link>
              </Descriptions.Item>
            </Descriptions>
            <Input.TextArea
              rows={2}
              maxLength={4000}
              placeholder="Ý kiến khi ký (không bắt buộc)"
              aria-label="Ý kiến khi ký"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            {remote ? (
              <RemoteSignPanel
                fileId={prepared.preparedFileId}
                appearance={prepared.appearance}
                reason={prepared.reason}
                onSigned={(r) => void complete(r.fileId)}
              />
            ) : (
              <AgentSignButton
                fileId={prepared.preparedFileId}
                appearance={prepared.appearance}
                reason={prepared.reason}
                label="Ký bằng thiết bị ký"
                onSigned={(r) => void complete(r.fileId)}
              />
            )}
          </>
        )}
        {error && <Alert type="error" showIcon message={error} data-testid="deferred-sign-error" />}
        {!remote && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Cần chạy vanthu-signer trên máy này (cổng 7543), ví dụ với USB token:{' '}
            <Typography.Text
              code
              copyable
              style={{ fontSize: 12 }}
            >{`vanthu-signer --pkcs11 <thư viện PKCS#11 của token> --token <nhãn token> --pin <mã PIN> --key <nhãn khoá> --allow-origin ${origin}`}</Typography.Text>
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
