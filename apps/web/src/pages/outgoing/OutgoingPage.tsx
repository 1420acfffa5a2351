import Placeholder from '../Placeholder';

export default function OutgoingPage() {
  return <Placeholder title="Văn bản đi" note="Soạn thảo, trình ký, ký số, cấp số và phát hành văn bản đi." />;
}
