import Placeholder from '../Placeholder';

export default function ArchivePage() {
  return <Placeholder title="Lưu trữ" note="Nộp lưu, quản lý và khai thác tài liệu lưu trữ cơ quan." />;
}
