import Placeholder from '../Placeholder';

export default function ReportsPage() {
  return <Placeholder title="Báo cáo" note="Báo cáo, thống kê tình hình xử lý văn bản và hồ sơ." />;
}
