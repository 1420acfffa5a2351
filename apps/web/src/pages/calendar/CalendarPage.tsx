import Placeholder from '../Placeholder';

export default function CalendarPage() {
  return <Placeholder title="Lịch công tác" note="Lịch công tác, lịch họp của cơ quan và đơn vị." />;
}
