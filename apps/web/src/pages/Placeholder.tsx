import { Card, Empty } from 'antd';
import PageHeader from '../components/PageHeader';

/** A section whose screens are still being built. */
export default function Placeholder({ title, note }: { title: string; note: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Card className="placeholder-card">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span>Chức năng đang xây dựng. {note}</span>} />
      </Card>
    </>
  );
}
