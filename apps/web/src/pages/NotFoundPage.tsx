import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

export default function NotFoundPage({
  title = 'Không tìm thấy trang',
  note = 'Địa chỉ không tồn tại hoặc bạn không có quyền truy cập.',
  status = '404',
}: {
  title?: string;
  note?: string;
  status?: '403' | '404';
}) {
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={title}
      subTitle={note}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          Về trang chủ
        </Button>
      }
    />
  );
}
