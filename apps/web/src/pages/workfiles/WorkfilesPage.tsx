import Placeholder from '../Placeholder';

export default function WorkfilesPage() {
  return <Placeholder title="Hồ sơ công việc" note="Lập, cập nhật và kết thúc hồ sơ công việc theo danh mục hồ sơ." />;
}
