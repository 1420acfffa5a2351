import Placeholder from '../Placeholder';

export default function OnestopPage() {
  return <Placeholder title="Một cửa" note="Tiếp nhận, xử lý và trả kết quả hồ sơ thủ tục hành chính." />;
}
