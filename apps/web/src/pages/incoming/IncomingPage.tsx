import Placeholder from '../Placeholder';

export default function IncomingPage() {
  return <Placeholder title="Văn bản đến" note="Tiếp nhận, đăng ký, phân phối và theo dõi xử lý văn bản đến." />;
}
